import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '../organization/user.entity';
import { Task } from '../tasks/task.entity';

export const EMAIL_STATUSES = ['none', 'pending', 'sent'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * One inbox entry. The activities write it with raw SQL (ON CONFLICT) and the inbox reads it with
 * raw SQL; this mirrors migration 1763800000002, constraint and index names included, so that a
 * schema diff against the entities stays empty (the notifications e2e test checks it).
 */
@Entity('notifications')
@Unique('notifications_once', ['userId', 'dedupeKey'])
@Index('notifications_inbox_idx', ['userId', 'createdAt', 'id'])
@Index('notifications_unread_idx', ['userId'], { where: 'read_at IS NULL' })
@Index('notifications_task_idx', ['taskId'], { where: 'task_id IS NOT NULL' })
@Check('notifications_email_status_check', `email_status IN ('none', 'pending', 'sent')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'NO ACTION' })
  @JoinColumn({
    name: 'user_id',
    foreignKeyConstraintName: 'notifications_user_id_fkey',
  })
  user?: User;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'task_id',
    foreignKeyConstraintName: 'notifications_task_id_fkey',
  })
  task?: Task;

  /** What happened: `task_assigned`, `reminder_before`, `daily_digest`, … */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** The event's identity: the same key never reaches the same user twice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({
    name: 'email_status',
    type: 'varchar',
    length: 10,
    default: 'none',
  })
  emailStatus: EmailStatus;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;
}
