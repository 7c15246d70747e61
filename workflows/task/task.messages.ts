/** Messages and input of the `taskLifecycle` workflow, shared by the workflow and the API's client. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReminderPolicy } from '../../libs/domain/reminder-schedule';
import type {
  TaskAction,
  TaskActionType,
  TaskEventRecord,
  TaskRules,
  TaskState,
} from '../../libs/domain/task-state';
import type { NewTaskRecord } from './task.contract';

type ActionOf<T extends TaskActionType> = Extract<TaskAction, { type: T }>;
type Payload<T extends TaskActionType> = Omit<ActionOf<T>, 'type'>;

export const taskUpdates = {
  accept: defineUpdate<TaskState, [Payload<'accept'>]>('accept'),
  reportProgress: defineUpdate<TaskState, [Payload<'reportProgress'>]>('reportProgress'),
  submitResult: defineUpdate<TaskState, [Payload<'submitResult'>]>('submitResult'),
  approve: defineUpdate<TaskState, [Payload<'approve'>]>('approve'),
  returnForRework: defineUpdate<TaskState, [Payload<'returnForRework'>]>('returnForRework'),
  requestExtension: defineUpdate<TaskState, [Payload<'requestExtension'>]>('requestExtension'),
  decideExtension: defineUpdate<TaskState, [Payload<'decideExtension'>]>('decideExtension'),
  reassign: defineUpdate<TaskState, [Payload<'reassign'>]>('reassign'),
  recordExplanation: defineUpdate<TaskState, [Payload<'recordExplanation'>]>('recordExplanation'),
  cancel: defineUpdate<TaskState, [Payload<'cancel'>]>('cancel'),
  fulfil: defineUpdate<TaskState, [Payload<'fulfil'>]>('fulfil'),
} as const satisfies { [K in TaskActionType]: unknown };

/** Resolves once the assignment is stored, so a caller can read its own write. */
export const taskPersistedUpdate = defineUpdate<TaskState>('persisted');

export const taskStateQuery = defineQuery<TaskState>('state');

export const taskWorkflowId = (taskId: string) => `task-${taskId}`;

export interface TaskWorkflowSettings {
  rules: TaskRules;
  /** null: this task sends no reminders. */
  reminders: ReminderPolicy | null;
  /** Length of a calendar day; shorter than a real day only in tests. */
  dayMs: number;
}

export interface TaskLifecycleInput {
  task: NewTaskRecord;
  settings: TaskWorkflowSettings;
  /** Set when the workflow continues as new. */
  resume?: {
    state: TaskState;
    reminderCursorMs: number;
    outbox: TaskEventRecord[];
    /** Patched runs: notifications recorded but not yet e-mailed. */
    mailbox?: string[];
  };
}
