/** Messages and input of the `taskLifecycle` workflow, shared by the workflow and the API's client. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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
  // `leadUnitCode` (optional) only feeds the GvLeadUnit search attribute; it is not recorded.
  reassign: defineUpdate<TaskState, [Payload<'reassign'> & { leadUnitCode?: string }]>('reassign'),
  recordExplanation: defineUpdate<TaskState, [Payload<'recordExplanation'>]>('recordExplanation'),
  cancel: defineUpdate<TaskState, [Payload<'cancel'>]>('cancel'),
  fulfil: defineUpdate<TaskState, [Payload<'fulfil'>]>('fulfil'),
} as const satisfies { [K in TaskActionType]: unknown };

/** Resolves once the assignment is stored, so a caller can read its own write. */
export const taskPersistedUpdate = defineUpdate<TaskState>('persisted');

export const taskStateQuery = defineQuery<TaskState>('state');

/**
 * Settings an administrator may change while tasks run, with the version they were saved as
 * (docs/decisions/0020-live-settings.md). Each section is optional: a change names what it
 * changes. The calendar will join as a further section (issue 13).
 */
export interface LiveSettings {
  /** Increases with every saved change of any section; older or equal versions are ignored. */
  version: number;
  /** The province's default reminder policy. */
  reminders?: ReminderPolicy;
  /**
   * Configuration's offsets: a run started before live settings did not record whether its
   * offsets were the task's own; offsets other than these were.
   */
  configuredDaysBefore?: number[];
}

/** Sent to every open task workflow when an administrator saves settings. */
export const settingsChangedSignal = defineSignal<[LiveSettings]>('settingsChanged');

export const taskWorkflowId = (taskId: string) => `task-${taskId}`;

export interface TaskWorkflowSettings {
  rules: TaskRules;
  /** null: this task sends no reminders. */
  reminders: ReminderPolicy | null;
  /** Length of a calendar day; shorter than a real day only in tests. */
  dayMs: number;
  /** Version of the live settings these were taken from (absent: configuration defaults, 0). */
  version?: number;
  /**
   * The task chose its own reminder offsets (`reminderDaysBefore`): a settings change keeps
   * them and takes only the hour and the overdue cadence.
   */
  ownDaysBefore?: boolean;
  /**
   * Reminders go out on working days only, planned by the worker from the calendar (activity
   * `planReminder`; docs/domain.md §3). Absent: every day, planned in the workflow.
   */
  workingDayReminders?: boolean;
}

export interface TaskLifecycleInput {
  task: NewTaskRecord;
  settings: TaskWorkflowSettings;
  /** Code of the lead unit, for the GvLeadUnit search attribute, when the starter knows it. */
  leadUnitCode?: string;
  /** Set when the workflow continues as new. */
  resume?: {
    state: TaskState;
    reminderCursorMs: number;
    outbox: TaskEventRecord[];
    /** Patched runs: notifications recorded but not yet e-mailed. */
    mailbox?: string[];
    /** The settings as last changed by `settingsChanged` (they replace `settings`). */
    settings?: TaskWorkflowSettings;
  };
}
