/** Contract of the activities the task workflow calls; the worker binds them to Nest services. */
import type { NewTaskRecord } from '../../libs/domain/task-record';
import type { TaskEventRecord, TaskState } from '../../libs/domain/task-state';
import type { Reminder, ReminderPolicy } from '../../libs/domain/reminder-schedule';
import type { ClockConfig } from '../../libs/domain/task-clock';

export type { NewTaskRecord };

export interface ReminderRecord {
  taskId: string;
  kind: string;
  dueDate: string;
  dueVersion: number;
  scheduledAt: string;
  escalate: boolean;
}

export interface TaskActivityContract {
  /** Inserts the task row and its first event; a retry inserts nothing twice. */
  recordTaskAssigned(
    task: NewTaskRecord,
    workflowId: string,
    event: TaskEventRecord,
  ): Promise<void>;
  /** Appends the event and projects the new state onto the row, once per event sequence number. */
  recordTaskTransition(state: TaskState, event: TaskEventRecord): Promise<void>;
  /**
   * Patched runs: inserts the task row and its first event and, when `notify`, tells the lead
   * unit — one activity; returns notifications to email. A retry inserts nothing twice.
   */
  recordAssignment(
    task: NewTaskRecord,
    workflowId: string,
    event: TaskEventRecord,
    options: { state: TaskState; notify: boolean },
  ): Promise<string[]>;
  /** Patched runs: `recordTaskTransition` and `notifyTransition` in one activity. */
  recordTransition(state: TaskState, event: TaskEventRecord): Promise<string[]>;
  /** Records the reminder once per (task, kind, due date) and notifies; returns notifications to email. */
  deliverReminder(reminder: ReminderRecord): Promise<string[]>;
  /**
   * The first reminder at or after `fromMs`, on working days of the calendar as stored
   * (`nextReminder` with the calendar; runs with `workingDayReminders`).
   */
  planReminder(input: {
    dueDate: string;
    fromMs: number;
    policy: ReminderPolicy;
    clock: ClockConfig;
  }): Promise<Reminder>;
  /** Tells the people concerned about a transition (inbox); returns notifications to email. */
  notifyTransition(state: TaskState, event: TaskEventRecord): Promise<string[]>;
}

export interface NotificationActivityContract {
  /** Sends the e-mails of these notifications that are still pending; throws on SMTP failure. */
  emailNotifications(ids: string[]): Promise<{ sent: number }>;
}
