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
 * Notifications: patched runs record them with the event in the update's own activity and leave
 * only e-mail to the main loop; older runs go through an outbox drained by the main loop. Either
 * way updates return without waiting for mail.
 * Continue-as-new: when the server suggests it (a task overdue for a long time keeps reminding),
 * after all handlers finish and the outbox is empty, carrying state and the reminder cursor.
 * Patch `serialised-updates` (2026-12-03): updates take turns through a FIFO queue (the old
 * flag let several waiters wake together and write the same event sequence), a reminder timer is
 * kept across state changes instead of being cancelled (cancelling it while updates completed in
 * the same workflow task tripped a TimerCanceled nondeterminism), and an activity's permanent
 * failure rejects the update instead of retrying for ever. Histories without the marker replay
 * the old path (docs/decisions/0011-serialised-task-updates.md).
 * Patch `search-attributes` (issue 12): the main loop upserts GvStatus, GvDueDate and GvLeadUnit
 * (task.search-attributes.ts) when they change; the starter sets them, with the title as the
 * summary. Patch `live-settings` (issue 12): signal `settingsChanged` (a newer version of the
 * province's reminder policy) replaces the task's reminder settings and re-plans the next
 * reminder from now; reminders already sent are not sent again
 * (docs/decisions/0020-live-settings.md). Both patches are taken where the new path first
 * diverges, so runs started before them take them too; histories without the markers replay
 * unchanged. Patch `reminders-from-start` (2026-12-04): a new run plans its first reminder from
 * the run's start (the assignment) instead of from the workflow task that stored it, which under
 * load or after a worker restart came after a reminder's instant and skipped it.
 * Patch `working-day-reminders` (issue 13): with `settings.workingDayReminders` the next reminder
 * is planned by the worker (local activity `planReminder`, which knows the working calendar), so
 * that none goes out on a weekend or holiday; the plan is asked again only when the effective
 * deadline, the cursor or the policy change.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { nextReminder, Reminder } from '../../libs/domain/reminder-schedule';
import { checkPayload } from '../../libs/domain/task-payload';
import type { NotificationActivityContract, TaskActivityContract } from './task.contract';
import { ClockConfig, dateAt, REAL_DAY_MS } from '../../libs/domain/task-clock';
import { vnDateOf } from '../../libs/domain/dates';
import {
  LiveSettings,
  settingsChangedSignal,
  TaskLifecycleInput,
  taskPersistedUpdate,
  taskStateQuery,
  taskUpdates,
  TaskWorkflowSettings,
  taskWorkflowId,
} from './task.messages';
import { withLiveSettings } from './live-settings';
import { dueDateInstant, GV_DUE_DATE, GV_LEAD_UNIT, GV_STATUS } from './task.search-attributes';
import {
  applyTransition,
  checkTransition,
  effectiveDueOf,
  initialTaskState,
  isTerminal,
  TaskAction,
  TaskActionType,
  TaskEventRecord,
  TaskState,
  TransitionRejected,
} from '../../libs/domain/task-state';

// Before the patch every task activity was local, sparing the server round trips
// (docs/decisions/0003-local-activities.md). Local activities issued by update handlers and by the
// main loop at once were replayed in a different order than they ran, so in patched runs only the
// main loop issues local activities (the assignment, reminders), one at a time, and update
// handlers use ordinary activities, whose order the history fixes
// (docs/decisions/0011-serialised-task-updates.md).
const localTasks = proxyLocalActivities<TaskActivityContract>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});
const recordedTasks = proxyActivities<TaskActivityContract>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

// Mail must never hold a task up: a few attempts, then the notification stays in the inbox only.
const mail = proxyActivities<NotificationActivityContract>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';
const LIVE_SETTINGS_PATCH = 'live-settings';
const REMINDERS_FROM_START_PATCH = 'reminders-from-start';
const WORKING_DAY_REMINDERS_PATCH = 'working-day-reminders';

/** What the task's search attributes show (lead unit: its code, when known). */
interface Shown {
  status: TaskState['status'];
  dueDate: string | null;
  leadUnitCode: string | null;
}

interface Alarm {
  atMs: number;
  rang: boolean;
}

function rejection(error: unknown): unknown {
  return error instanceof TransitionRejected
    ? ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true })
    : error;
}

/** The activity's non-retryable failure, re-thrown as the workflow's own rejection. */
function permanentFailure(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable) return undefined;
  return ApplicationFailure.create({
    type: cause.type ?? 'TASK_RECORD_REJECTED',
    message: cause.message,
    nonRetryable: true,
    details: cause.details ?? undefined,
  });
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
  const { task } = input;
  let settings: TaskWorkflowSettings = input.resume?.settings ?? input.settings;
  const clock: ClockConfig = {
    dayMs: settings.dayMs || REAL_DAY_MS,
    originMs: Date.parse(task.assignedAt),
    originDate: vnDateOf(Date.parse(task.assignedAt)),
  };
  const context = () => ({ today: dateAt(clock, Date.now()), rules: settings.rules });

  const serialised = patched('serialised-updates');
  const tasks = serialised ? recordedTasks : localTasks;
  let state: TaskState = input.resume?.state ?? initialTaskState(task);
  let persisted = Boolean(input.resume);
  /** Set when the database refused the assignment itself: the task never existed. */
  let refused: ApplicationFailure | null = null;
  let busy = false;
  // The tail of the queue of updates: each waits for the one before it to finish.
  let turn: Promise<unknown> = Promise.resolve();
  const outbox: TaskEventRecord[] = [...(input.resume?.outbox ?? [])];
  // Patched runs record an event and its notifications in one activity; only e-mail waits here.
  const mailbox: string[] = [...(input.resume?.mailbox ?? [])];
  /** A newer settings version received and not yet taken by the main loop. */
  let settingsChange: LiveSettings | null = null;
  /** Lead unit codes the starter and reassignments told us, by unit id. */
  const leadUnitCodes = new Map<string, string>();
  if (input.leadUnitCode) {
    leadUnitCodes.set(input.resume?.state.leadUnitId ?? task.leadUnitId, input.leadUnitCode);
  }

  async function transition(action: TaskAction): Promise<TaskState> {
    const { next, event } = applyTransition(state, action, new Date(), context());
    let emails: string[];
    try {
      emails = await tasks.recordTransition(next, event);
    } catch (error) {
      // A permanent failure (the database refused the data): the update is rejected, the state
      // stays as stored, and the task keeps taking actions.
      const failure = permanentFailure(error);
      if (!failure) throw error;
      log.warn('Task transition refused by the database', { action: action.type });
      throw failure;
    }
    state = next;
    mailbox.push(...emails);
    return state;
  }

  // Updates run one at a time, in arrival order: each re-checks the state after taking its turn.
  async function apply(action: TaskAction): Promise<TaskState> {
    if (serialised) {
      const previous = turn;
      let release!: () => void;
      turn = new Promise<void>((resolve) => (release = resolve));
      try {
        await previous;
        await condition(() => persisted || refused !== null);
        if (refused) throw refused;
        return await transition(action);
      } catch (error) {
        throw rejection(error);
      } finally {
        release();
      }
    }
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
    setHandler(
      taskUpdates[type],
      (payload: object) => {
        if (type === 'reassign') {
          // The code only labels the workflow for search; the event records the unit id.
          const { leadUnitCode, ...rest } = payload as {
            leadUnitCode?: string;
            leadUnitId: string;
          };
          if (leadUnitCode) leadUnitCodes.set(rest.leadUnitId, leadUnitCode);
          payload = rest;
        }
        return apply({ ...payload, type } as TaskAction);
      },
      {
        validator: (payload: object) => {
          try {
            if (serialised) checkPayload(payload);
            checkTransition(state, { ...payload, type } as TaskAction, context());
          } catch (error) {
            throw rejection(error);
          }
        },
      },
    );
  }
  setHandler(taskPersistedUpdate, async () => {
    await condition(() => persisted || refused !== null);
    if (refused) throw refused;
    return state;
  });
  setHandler(taskStateQuery, () => state);
  setHandler(settingsChangedSignal, (change) => {
    const known = settingsChange?.version ?? settings.version ?? 0;
    if (change.version > known) settingsChange = change;
  });

  // What the starter labelled the run with; a resumed run (or one started without labels) is
  // labelled again in full.
  const started = workflowInfo().typedSearchAttributes.get(GV_STATUS) !== undefined;
  let shown: Shown | null =
    started && !input.resume
      ? { status: state.status, dueDate: task.dueDate, leadUnitCode: input.leadUnitCode ?? null }
      : null;
  /** Keeps the search attributes in step with the state (main loop only: upserts are commands). */
  function label(): void {
    const want: Shown = {
      status: state.status,
      dueDate: state.dueDate,
      leadUnitCode: leadUnitCodes.get(state.leadUnitId) ?? null,
    };
    const stale = (k: keyof Shown) => !shown || shown[k] !== want[k];
    if (!stale('status') && !stale('dueDate') && !stale('leadUnitCode')) return;
    if (!patched(SEARCH_ATTRIBUTES_PATCH)) return;
    const updates: SearchAttributeUpdatePair[] = [];
    if (stale('status')) updates.push({ key: GV_STATUS, value: want.status });
    if (stale('dueDate')) {
      updates.push({ key: GV_DUE_DATE, value: want.dueDate ? dueDateInstant(want.dueDate) : null });
    }
    if (stale('leadUnitCode')) updates.push({ key: GV_LEAD_UNIT, value: want.leadUnitCode });
    upsertSearchAttributes(updates);
    shown = want;
  }

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
    if (serialised) {
      try {
        // Imported history arrives completed: nobody needs telling.
        mailbox.push(
          ...(await localTasks.recordAssignment(task, taskWorkflowId(task.id), assigned, {
            state,
            notify: !task.completedAt,
          })),
        );
      } catch (error) {
        const failure = permanentFailure(error);
        if (!failure) throw error;
        // Nothing was stored: callers waiting for the row are told why, and the run ends failed.
        refused = failure;
        await condition(allHandlersFinished);
        throw failure;
      }
      persisted = true;
    } else {
      await tasks.recordTaskAssigned(task, taskWorkflowId(task.id), assigned);
      persisted = true;
      if (!task.completedAt) outbox.push(assigned);
    }
  }

  // Reminders are planned from the assignment, the run's start, not from the moment a worker got
  // to the run: an assignment that waits for a busy or restarting worker must not skip a reminder
  // that fell due meanwhile. Histories without the marker replay the old cursor.
  let cursorMs =
    input.resume?.reminderCursorMs ??
    (patched(REMINDERS_FROM_START_PATCH) ? workflowInfo().startTime.getTime() : Date.now());
  let plannedDueVersion = state.dueVersion;
  let alarm: Alarm | null = null;
  /** The worker's last plan (working-day reminders) and what it was made from. */
  let planned = null as { key: string; reminder: Reminder } | null;

  while (!isTerminal(state.status)) {
    label();
    if (settingsChange) {
      const change: LiveSettings = settingsChange;
      settingsChange = null;
      if (patched(LIVE_SETTINGS_PATCH)) {
        settings = withLiveSettings(settings, change);
        // Plan from now: what fell due under the old settings was sent under them, and a
        // reminder already recorded is never recorded twice (task, kind, due date).
        cursorMs = Math.max(cursorMs, Date.now());
      }
      continue;
    }
    if (mailbox.length > 0) {
      await email(mailbox.splice(0));
      continue;
    }
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
      if (outbox.length === 0 && mailbox.length === 0) {
        await continueAsNew<typeof taskLifecycle>({
          ...input,
          leadUnitCode: leadUnitCodes.get(state.leadUnitId),
          resume: { state, reminderCursorMs: cursorMs, outbox: [], mailbox: [], settings },
        });
      }
      continue;
    }

    let reminder: Reminder | null = null;
    if (settings.reminders && state.dueDate && state.status !== 'submitted') {
      // Counted from the effective deadline (docs/domain.md §3); states from before it existed
      // count from the written date, as they always did.
      const due = effectiveDueOf(state)!;
      if (settings.workingDayReminders && patched(WORKING_DAY_REMINDERS_PATCH)) {
        // The worker knows the calendar; asked again only when the plan's inputs change.
        const key = JSON.stringify([due, cursorMs, settings.reminders]);
        if (planned?.key !== key) {
          const policy = settings.reminders;
          planned = {
            key,
            reminder: await localTasks.planReminder({
              dueDate: due,
              fromMs: cursorMs,
              policy,
              clock,
            }),
          };
          continue; // the world may have moved while the worker planned
        }
        reminder = planned.reminder;
      } else {
        reminder = nextReminder(due, cursorMs, settings.reminders, clock);
      }
    }
    const seen = state.version;
    const changed = () =>
      state.version !== seen || outbox.length > 0 || mailbox.length > 0 || settingsChange !== null;
    if (!reminder) {
      await condition(changed);
      continue;
    }
    if (serialised) {
      // One timer per reminder instant, never cancelled: a state change that leaves the next
      // reminder where it was waits on the same timer; one that moves it leaves the old timer
      // to fire unheeded.
      if (alarm?.atMs !== reminder.atMs) {
        const next: Alarm = { atMs: reminder.atMs, rang: false };
        void sleep(Math.max(1, reminder.atMs - Date.now())).then(() => (next.rang = true));
        alarm = next;
      }
      const current = alarm;
      await condition(() => changed() || current.rang);
      if (!current.rang) continue;
      alarm = null;
    } else if (await condition(changed, Math.max(1, reminder.atMs - Date.now()))) continue;
    await email(
      // The main loop's own writes stay local: only this loop issues local activities, one at a
      // time, so their order cannot depend on when updates arrive.
      await localTasks.deliverReminder({
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

  label();
  while (outbox.length > 0) {
    await email(await tasks.notifyTransition(state, outbox.shift()!));
  }
  await condition(allHandlersFinished);
  await email(mailbox.splice(0));
  return state;
}
