import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from '../organization/unit.entity';
import { User } from '../organization/user.entity';
import type { PendingExtension, TaskStatus } from '../domain/task-state';

/**
 * The queryable projection of a task. Its lifecycle lives in the `taskLifecycle` workflow; only
 * that workflow's activities write this row (idempotently, guarded by `version`).
 */
@Entity('tasks')
export class Task {
  /** Chosen by the API before the workflow starts, so the workflow id is known up front. */
  @PrimaryColumn('uuid')
  id: string;

  /** Mã nhiệm vụ, unique per assigning unit (imports are idempotent by it). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 40 })
  source: string;

  /** Văn bản giao, e.g. "389/KH-UBND". */
  @Column({ name: 'source_document', type: 'varchar', length: 100, nullable: true })
  sourceDocument: string | null;

  @Column({ name: 'source_document_date', type: 'date', nullable: true })
  sourceDocumentDate: string | null;

  @Column({ name: 'assigner_id', type: 'uuid' })
  assignerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assigner_id' })
  assigner?: User;

  @Column({ name: 'assigning_unit_id', type: 'uuid' })
  assigningUnitId: string;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'assigning_unit_id' })
  assigningUnit?: Unit;

  @Index()
  @Column({ name: 'lead_unit_id', type: 'uuid' })
  leadUnitId: string;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'lead_unit_id' })
  leadUnit?: Unit;

  @Column({ name: 'coordinating_unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  coordinatingUnitIds: string[];

  @Column({ name: 'watcher_ids', type: 'uuid', array: true, default: () => "'{}'" })
  watcherIds: string[];

  @Column({ name: 'reviewer_ids', type: 'uuid', array: true, default: () => "'{}'" })
  reviewerIds: string[];

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'parent_task_id', type: 'uuid', nullable: true })
  parentTaskId: string | null;

  @Column({ name: 'plan_id', type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  priority: string;

  /** Lĩnh vực CCHC (see task-options.ts). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  area: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: { name: string; url: string }[];

  /**
   * The due date as written (a calendar date in Asia/Ho_Chi_Minh, 'YYYY-MM-DD'; the approved
   * extension's once there is one); null means no deadline.
   */
  @Column({ name: 'written_due_date', type: 'date', nullable: true })
  dueDate: string | null;

  /**
   * The deadline timeliness is measured against: `dueDate` moved off a weekend or holiday under
   * DEADLINE_ON_NON_WORKING_DAY (docs/domain.md §3). Lists, reports and counts read this column.
   */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  effectiveDueDate: string | null;

  @Column({ name: 'original_due_date', type: 'date', nullable: true })
  originalDueDate: string | null;

  @Column({ name: 'extensions_approved', type: 'int', default: 0 })
  extensionsApproved: number;

  @Column({ name: 'pending_extension', type: 'jsonb', nullable: true })
  pendingExtension: PendingExtension | null;

  /** Giải trình of a late task. */
  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: TaskStatus;

  @Column({ name: 'progress_percent', type: 'smallint', default: 0 })
  progressPercent: number;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** When the lead unit reported the result that was then accepted (docs/domain.md §3). */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Calendar dates (Asia/Ho_Chi_Minh) of assignment, accepted completion and cancellation. */
  @Column({ name: 'assigned_on', type: 'date' })
  assignedOn: string;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200, unique: true })
  workflowId: string;

  /** Sequence number of the last event applied; makes activity retries harmless. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
