import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { TaskAccessService } from '../task-access.service';
import { TaskReminderDto, TaskReminderKind } from './task-reminder.dto';

interface ReminderRow {
  kind: string;
  dueDate: string;
  escalated: boolean;
  scheduledAt: Date;
  sentAt: Date;
  recipients: { id: string; fullName: string }[];
}

/** The reminders a task's workflow has sent, oldest first, for whoever may open the task. */
@Injectable()
export class TaskRemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskAccessService,
  ) {}

  async list(actor: Actor, taskId: string): Promise<TaskReminderDto[]> {
    await this.tasks.loadVisible(actor, taskId);
    const rows: ReminderRow[] = await this.db.query(
      `SELECT r.kind, r.due_date::text AS "dueDate", r.escalated, r.scheduled_at AS "scheduledAt",
         r.sent_at AS "sentAt",
         coalesce((SELECT json_agg(json_build_object('id', u.id, 'fullName', u.full_name)
                     ORDER BY u.full_name)
                   FROM users u WHERE u.id = ANY(r.recipient_ids)), '[]') AS recipients
       FROM task_reminders r WHERE r.task_id = $1
       ORDER BY r.scheduled_at, r.id`,
      [taskId],
    );
    return rows.map((r) => ({
      ...kindOf(r.kind),
      dueDate: r.dueDate,
      escalated: r.escalated,
      scheduledAt: r.scheduledAt.toISOString(),
      sentAt: r.sentAt.toISOString(),
      recipients: r.recipients,
    }));
  }
}

/** 'before_3' → before, 3; 'due_day' → due_day, 0; 'overdue_2' → overdue, 2 (reminder-schedule.ts). */
function kindOf(stored: string): { kind: TaskReminderKind; days: number } {
  if (stored === 'due_day') return { kind: 'due_day', days: 0 };
  const [prefix, days] = stored.split('_');
  return { kind: prefix === 'before' ? 'before' : 'overdue', days: Number(days) };
}
