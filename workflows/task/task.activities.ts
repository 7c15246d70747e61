/** Contract of the activities the task workflow calls; the worker binds them to Nest services. */
import type { TaskEventRecord, TaskState } from './task-state';

export interface NewTaskRecord {
  id: string;
  code: string | null;
  title: string;
  description: string | null;
  source: string;
  sourceDocument: string | null;
  sourceDocumentDate: string | null;
  assignerId: string;
  assigningUnitId: string;
  leadUnitId: string;
  coordinatingUnitIds: string[];
  watcherIds: string[];
  /** Besides the assigner, these users may approve or return the result (an inspection team). */
  reviewerIds: string[];
  assigneeId: string | null;
  parentTaskId: string | null;
  /** The plan this task is an item of. */
  planId?: string | null;
  priority: string;
  area: string | null;
  attachments: { name: string; url: string }[];
  dueDate: string | null;
  assignedAt: string;
  /** Imported history: the task arrives completed at this instant, with this result. */
  completedAt?: string | null;
  result?: string | null;
}

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
  /** Tells the people concerned about a transition (inbox); returns notifications to email. */
  notifyTransition(state: TaskState, event: TaskEventRecord): Promise<string[]>;
}

export interface NotificationActivityContract {
  /** Sends the e-mails of these notifications that are still pending; throws on SMTP failure. */
  emailNotifications(ids: string[]): Promise<{ sent: number }>;
}
