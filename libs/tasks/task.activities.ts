import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  NewTaskRecord,
  ReminderRecord,
  TaskActivityContract,
} from '../../workflows/task/task.contract';
import type { TaskEventRecord, TaskState } from '../domain/task-state';
import { failPermanently } from '../database/permanent-failure';
import { NotificationActivities } from '../notifications/notification.activities';
import { reminderMessage } from '../notifications/templates';
import { vnDateOf } from '../domain/dates';
import { reminderLagSeconds, remindersSent, taskTransitions } from '../observability/metrics';
import { Audience, noticeFor } from './task-notices';
import { DeadlineService } from '../calendar/deadline.service';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { nextReminder, Reminder, ReminderPolicy } from '../domain/reminder-schedule';
import type { ClockConfig } from '../domain/task-clock';

interface TaskBrief {
  title: string;
  dueDate: string | null;
  leadUnitId: string;
  leadUnitName: string;
  assignerId: string;
  assigneeId: string | null;
  watcherIds: string[];
}

/**
 * The task workflow's side effects, hosted by the worker. Every write is keyed — (task, event
 * sequence), (task, reminder kind, due date), (user, notification key) — so a retried activity
 * changes nothing the second time.
 */
@Injectable()
export class TaskActivities implements TaskActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationActivities,
    private readonly deadlines: DeadlineService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async planReminder(input: {
    dueDate: string;
    fromMs: number;
    policy: ReminderPolicy;
    clock: ClockConfig;
  }): Promise<Reminder> {
    const calendar = await this.deadlines.calendar();
    return nextReminder(input.dueDate, input.fromMs, input.policy, input.clock, {
      isWorkingDay: (date) => calendar.isWorkingDay(date),
      daysBeforeInWorkingDays: this.config.get('TASK_REMINDER_DAYS_BEFORE_IN_WORKING_DAYS'),
    });
  }

  async recordTaskAssigned(
    task: NewTaskRecord,
    workflowId: string,
    event: TaskEventRecord,
  ): Promise<void> {
    await failPermanently(`Task ${task.id}`, () => this.storeAssigned(task, workflowId, event));
  }

  private async storeAssigned(
    task: NewTaskRecord,
    workflowId: string,
    event: TaskEventRecord,
  ): Promise<void> {
    const inserted = await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO tasks (id, code, title, description, source, source_document, source_document_date,
           assigner_id, assigning_unit_id, lead_unit_id, coordinating_unit_ids, watcher_ids, assignee_id,
           parent_task_id, priority, area, attachments, written_due_date, original_due_date, status,
           assigned_at, workflow_id, version, assigned_on, reviewer_ids, plan_id, completed_at,
           completed_on, submitted_at, progress_percent, due_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18,
           $19, $20, $21, $22, $23, $24, $25, $26, $27, $26, $28, $29)
         ON CONFLICT (id) DO NOTHING`,
        [
          task.id,
          task.code,
          task.title,
          task.description,
          task.source,
          task.sourceDocument,
          task.sourceDocumentDate,
          task.assignerId,
          task.assigningUnitId,
          task.leadUnitId,
          task.coordinatingUnitIds,
          task.watcherIds,
          task.assigneeId,
          task.parentTaskId,
          task.priority,
          task.area,
          JSON.stringify(task.attachments),
          task.dueDate,
          event.toStatus,
          task.assignedAt,
          workflowId,
          event.seq,
          vnDateOf(new Date(task.assignedAt)),
          task.reviewerIds ?? [],
          task.planId ?? null,
          task.completedAt ?? null,
          task.completedAt ? vnDateOf(new Date(task.completedAt)) : null,
          task.completedAt ? 100 : 0,
          await this.deadlines.effectiveOf(task.dueDate, em),
        ],
      );
      return insertEvent(em, task.id, event);
    });
    if (inserted) taskTransitions.inc({ action: event.action });
  }

  async recordTaskTransition(state: TaskState, event: TaskEventRecord): Promise<void> {
    await failPermanently(`Event ${event.seq} of task ${state.taskId}`, () =>
      this.storeTransition(state, event),
    );
  }

  private async storeTransition(state: TaskState, event: TaskEventRecord): Promise<void> {
    const inserted = await this.db.transaction(async (em) => {
      if (!(await insertEvent(em, state.taskId, event))) return false;
      await em.query(
        `UPDATE tasks SET status = $2, progress_percent = $3, lead_unit_id = $4,
           written_due_date = $5, due_date = $14, extensions_approved = $6, pending_extension = $7,
           explanation = $8, submitted_at = $9, completed_at = $10, version = $11, completed_on = $12,
           cancelled_on = CASE WHEN $2::varchar = 'cancelled' THEN $13::date END, updated_at = now()
         WHERE id = $1 AND version < $11`,
        [
          state.taskId,
          state.status,
          state.progressPercent,
          state.leadUnitId,
          state.dueDate,
          state.extensionsApproved,
          state.pendingExtension && JSON.stringify(state.pendingExtension),
          state.explanation,
          state.submittedAt,
          state.completedAt,
          event.seq,
          state.completedAt && vnDateOf(new Date(state.completedAt)),
          vnDateOf(new Date(event.occurredAt)),
          await this.deadlines.effectiveOf(state.dueDate, em),
        ],
      );
      return true;
    });
    if (inserted) taskTransitions.inc({ action: event.action });
  }

  async recordAssignment(
    task: NewTaskRecord,
    workflowId: string,
    event: TaskEventRecord,
    { state, notify }: { state: TaskState; notify: boolean },
  ): Promise<string[]> {
    await this.recordTaskAssigned(task, workflowId, event);
    return notify ? this.notifyTransition(state, event) : [];
  }

  async recordTransition(state: TaskState, event: TaskEventRecord): Promise<string[]> {
    await this.recordTaskTransition(state, event);
    return this.notifyTransition(state, event);
  }

  async deliverReminder(r: ReminderRecord): Promise<string[]> {
    const task = await this.brief(r.taskId);
    const recipients = await this.audience(
      task,
      r.escalate ? ['leadManagers', 'leadLeaders', 'assigner'] : ['leadManagers'],
    );
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO task_reminders (task_id, kind, due_date, due_version, escalated, recipient_ids, scheduled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (task_id, kind, due_date) DO NOTHING
       RETURNING task_id`,
      [r.taskId, r.kind, r.dueDate, r.dueVersion, r.escalate, recipients, r.scheduledAt],
    );
    const kind =
      r.kind === 'due_day' ? 'due_day' : r.kind.startsWith('before') ? 'before' : 'overdue';
    const message = reminderMessage(kind, {
      title: task.title,
      dueDate: r.dueDate,
      leadUnitName: task.leadUnitName,
      daysLeft: kind === 'before' ? Number(r.kind.split('_')[1]) : undefined,
      daysOverdue: kind === 'overdue' ? Number(r.kind.split('_')[1]) : undefined,
    });
    const { emailIds } = await this.notifications.recordNotifications({
      dedupeKey: `reminder:${r.taskId}:${r.kind}:${r.dueDate}`,
      userIds: recipients,
      kind: r.escalate ? 'task_overdue' : 'task_reminder',
      title: message.title,
      body: message.body,
      taskId: r.taskId,
    });
    if (inserted.length > 0) {
      remindersSent.inc({ kind });
      reminderLagSeconds.observe(Math.max(0, Date.now() - Date.parse(r.scheduledAt)) / 1000);
    }
    return emailIds;
  }

  async notifyTransition(state: TaskState, event: TaskEventRecord): Promise<string[]> {
    const task = await this.brief(state.taskId);
    const notice = noticeFor(event, { ...task, dueDate: state.dueDate });
    if (!notice) return [];
    const recipients = (await this.audience(task, [notice.audience])).filter(
      (id) => id !== event.actorId,
    );
    if (recipients.length === 0) return [];
    const { emailIds } = await this.notifications.recordNotifications({
      dedupeKey: `event:${state.taskId}:${event.seq}`,
      userIds: recipients,
      kind: `task_${event.action}`,
      title: notice.title,
      body: notice.body,
      taskId: state.taskId,
    });
    return emailIds;
  }

  private async brief(taskId: string): Promise<TaskBrief> {
    const [row] = await this.db.query(
      `SELECT t.title, t.written_due_date::text AS "dueDate", t.lead_unit_id AS "leadUnitId", u.name AS "leadUnitName",
         t.assigner_id AS "assignerId", t.assignee_id AS "assigneeId", t.watcher_ids AS "watcherIds"
       FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.id = $1`,
      [taskId],
    );
    if (!row) throw new Error(`Task ${taskId} has no row yet`);
    return row;
  }

  /** User ids for the audiences; the lead unit's managers include the named assignee. */
  private async audience(
    task: TaskBrief,
    audiences: (Audience | 'leadLeaders')[],
  ): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM users WHERE active AND (
         ($2 AND unit_id = $1 AND 'unit_manager' = ANY(roles))
         OR ($3 AND unit_id = $1 AND 'leader' = ANY(roles))
         OR ($4 AND id = $5)
         OR ($2 AND id = $6))
       ORDER BY id`,
      [
        task.leadUnitId,
        audiences.includes('leadManagers'),
        audiences.includes('leadLeaders'),
        audiences.includes('assigner'),
        task.assignerId,
        task.assigneeId,
      ],
    );
    return rows.map((r) => r.id);
  }
}

/** Inserts the event once; returns whether this call inserted it. */
async function insertEvent(
  em: EntityManager,
  taskId: string,
  e: TaskEventRecord,
): Promise<boolean> {
  const rows: unknown[] = await em.query(
    `INSERT INTO task_events (task_id, seq, action, actor_id, from_status, to_status, data, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (task_id, seq) DO NOTHING
     RETURNING id`,
    [taskId, e.seq, e.action, e.actorId, e.fromStatus, e.toStatus, e.data, e.occurredAt],
  );
  return rows.length > 0;
}
