/**
 * taskLifecycle — one workflow per task, id `task-<taskId>`: the source of truth for its state.
 *
 * Messages (task.messages.ts): one update per action (accept, reportProgress, submitResult,
 * approve, returnForRework, requestExtension, decideExtension, reassign, recordExplanation, cancel),
 * each validated against the state machine and rejected with ApplicationFailure type = stable code;
 * update `persisted` (resolves once the assignment is stored); query `state`.
 * Timers: one at a time, until the next reminder (before the due date, on it, then overdue with
 * escalation); re-planned whenever the due date changes; none while a result awaits review, and
 * none after completion or cancellation.
 * Notifications for transitions go through an outbox drained by the main loop, so updates return
 * without waiting for mail.
 * Continue-as-new: when the server suggests it (a task overdue for a long time keeps reminding),
 * after all handlers finish and the outbox is empty, carrying state and the reminder cursor.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { nextReminder, ReminderPolicy } from './reminder-schedule';
import type {
  NewTaskRecord,
  NotificationActivityContract,
  TaskActivityContract,
} from './task.activities';
import { ClockConfig, dateAt, REAL_DAY_MS, vnDate } from './task-clock';
import { taskPersistedUpdate, taskStateQuery, taskUpdates, taskWorkflowId } from './task.messages';
import {
  applyTransition,
  checkTransition,
  initialTaskState,
  isTerminal,
  TaskAction,
  TaskActionType,
  TaskEventRecord,
  TaskRules,
  TaskState,
  TransitionRejected,
} from './task-state';

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
  resume?: { state: TaskState; reminderCursorMs: number; outbox: TaskEventRecord[] };
}

// Every task activity is a short keyed write to PostgreSQL: local activities spare the server
// several round trips per task (docs/decisions/0003-local-activities.md).
const tasks = proxyLocalActivities<TaskActivityContract>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

// Mail must never hold a task up: a few attempts, then the notification stays in the inbox only.
const mail = proxyActivities<NotificationActivityContract>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

function rejection(error: unknown): unknown {
  return error instanceof TransitionRejected
    ? ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true })
    : error;
}

async function email(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await mail.emailNotifications(ids);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn('E-mail delivery gave up; the notifications stay in the inbox', { ids });
  }
}

export async function taskLifecycle(input: TaskLifecycleInput): Promise<TaskState> {
  const { task, settings } = input;
  const clock: ClockConfig = {
    dayMs: settings.dayMs || REAL_DAY_MS,
    originMs: Date.parse(task.assignedAt),
    originDate: vnDate(Date.parse(task.assignedAt)),
  };
  const context = () => ({ today: dateAt(clock, Date.now()), rules: settings.rules });

  let state: TaskState = input.resume?.state ?? initialTaskState(task);
  let persisted = Boolean(input.resume);
  let busy = false;
  const outbox: TaskEventRecord[] = [...(input.resume?.outbox ?? [])];

  // Updates run one at a time: each re-checks the state it changes after taking its turn.
  async function apply(action: TaskAction): Promise<TaskState> {
    await condition(() => persisted && !busy);
    busy = true;
    try {
      const { next, event } = applyTransition(state, action, new Date(), context());
      await tasks.recordTaskTransition(next, event);
      state = next;
      outbox.push(event);
      return state;
    } catch (error) {
      throw rejection(error);
    } finally {
      busy = false;
    }
  }

  for (const type of Object.keys(taskUpdates) as TaskActionType[]) {
    setHandler(taskUpdates[type], (payload: object) => apply({ ...payload, type } as TaskAction), {
      validator: (payload: object) => {
        try {
          checkTransition(state, { ...payload, type } as TaskAction, context());
        } catch (error) {
          throw rejection(error);
        }
      },
    });
  }
  setHandler(taskPersistedUpdate, async () => {
    await condition(() => persisted);
    return state;
  });
  setHandler(taskStateQuery, () => state);

  if (!input.resume) {
    const assigned: TaskEventRecord = {
      seq: 1,
      action: 'assign',
      actorId: task.assignerId,
      fromStatus: null,
      toStatus: state.status,
      data: {
        leadUnitId: task.leadUnitId,
        dueDate: task.dueDate,
        ...(task.completedAt && { imported: true, result: task.result ?? null }),
      },
      occurredAt: task.assignedAt,
    };
    await tasks.recordTaskAssigned(task, taskWorkflowId(task.id), assigned);
    persisted = true;
    // Imported history arrives completed: nobody needs telling.
    if (!task.completedAt) outbox.push(assigned);
  }

  let cursorMs = input.resume?.reminderCursorMs ?? Date.now();
  let plannedDueVersion = state.dueVersion;

  while (!isTerminal(state.status)) {
    if (outbox.length > 0) {
      const event = outbox.shift()!;
      await email(await tasks.notifyTransition(state, event));
      continue;
    }
    if (state.dueVersion !== plannedDueVersion) {
      // A new due date: plan from now, never replaying reminders whose time has passed.
      plannedDueVersion = state.dueVersion;
      cursorMs = Date.now();
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (outbox.length === 0) {
        await continueAsNew<typeof taskLifecycle>({
          ...input,
          resume: { state, reminderCursorMs: cursorMs, outbox: [] },
        });
      }
      continue;
    }

    const reminder =
      settings.reminders && state.dueDate && state.status !== 'submitted'
        ? nextReminder(state.dueDate, cursorMs, settings.reminders, clock)
        : null;
    const seen = state.version;
    const changed = () => state.version !== seen || outbox.length > 0;
    if (!reminder) {
      await condition(changed);
      continue;
    }
    if (await condition(changed, Math.max(1, reminder.atMs - Date.now()))) continue;
    await email(
      await tasks.deliverReminder({
        taskId: task.id,
        kind: reminder.kind,
        dueDate: state.dueDate!,
        dueVersion: state.dueVersion,
        scheduledAt: new Date(reminder.atMs).toISOString(),
        escalate: reminder.escalate,
      }),
    );
    cursorMs = reminder.atMs + 1;
  }

  while (outbox.length > 0) {
    await email(await tasks.notifyTransition(state, outbox.shift()!));
  }
  await condition(allHandlersFinished);
  return state;
}
