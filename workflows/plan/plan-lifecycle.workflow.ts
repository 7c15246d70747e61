/**
 * planLifecycle — one workflow per issued plan, id `plan-<planId>`.
 *
 * Starts the plan's item tasks as `taskLifecycle` children (abandoned on close), `batchSize` at a
 * time, so fan-out is bounded; continues as new when the history grows, so a plan of thousands of
 * tasks keeps a short history. Then follows its tasks once per calendar day (counts in SQL) and
 * closes the plan when every task has ended.
 * Messages (plan.messages.ts): query `counts` (live, from the last check); update
 * `startObligations` ({ assignerId }) — the issue request sends it with the start: the obligation
 * task of each implementing unit not stored yet starts as a child like an item, and the answer is
 * their task ids (derived from plan and unit, so a repeated issue starts none twice); update
 * `close` ({ mode: 'carry_over' | 'cancel' }) — at year end the leader closes the plan, leaving
 * open tasks running (carried over into the next period's reports) or cancelling them.
 * Replay: histories from before `startObligations` never carry it, and the main body is unchanged.
 * Timers: one per calendar day while following.
 * Patch `search-attributes` (issue 12): see start-task-children.ts.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { startTaskChildren } from '../task/start-task-children';
import type { NewTaskRecord } from '../task/task.contract';
import type { PlanActivityContract, PlanCounts } from './plan.contract';
import {
  ClosePlanMode,
  closePlanUpdate,
  planCountsQuery,
  PlanLifecycleInput,
  startObligationsUpdate,
} from './plan.messages';

const acts = proxyActivities<PlanActivityContract>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Histories beyond this many events continue as new (well under the server's limits). */
const MAX_HISTORY_EVENTS = 5_000;

export async function planLifecycle(input: PlanLifecycleInput): Promise<PlanCounts> {
  let counts: PlanCounts | null = null;
  let closing: { actorId: string; mode: ClosePlanMode } | null = null;
  let closed = false;

  /** Neither update is taken once the leader has asked to close the plan. */
  const refuseOnceClosing = () => {
    if (closing || closed) {
      throw ApplicationFailure.create({
        type: 'PLAN_CLOSED',
        message: 'The plan is closed',
        nonRetryable: true,
      });
    }
  };

  setHandler(planCountsQuery, () => counts);
  setHandler(
    closePlanUpdate,
    async (request) => {
      closing = request;
      await condition(() => closed);
      return counts!;
    },
    {
      validator: (_request: { actorId: string; mode: ClosePlanMode }) => refuseOnceClosing(),
    },
  );

  /** Starts these tasks' workflows as children that outlive the plan's workflow. */
  const startTasks = (tasks: NewTaskRecord[]) => startTaskChildren(tasks, input.settings);

  setHandler(
    startObligationsUpdate,
    async ({ assignerId }) => {
      const tasks = await acts.pendingObligationTasks(input.planId, assignerId);
      for (let i = 0; i < tasks.length; i += input.batchSize) {
        await startTasks(tasks.slice(i, i + input.batchSize));
      }
      return tasks.map((task) => task.id);
    },
    { validator: (_request: { assignerId: string }) => refuseOnceClosing() },
  );

  // Start the items, a bounded batch at a time.
  const started = new Set<string>();
  for (;;) {
    if (closing) break;
    const batch = await acts.claimPlanItems(input.planId, input.batchSize);
    if (batch.length === 0) break;
    const fresh = batch.filter((task) => !started.has(task.id));
    if (fresh.length === 0) {
      // Started, not yet stored by their own workflows: give them a moment.
      await sleep('1 second');
      continue;
    }
    for (const task of fresh) started.add(task.id);
    await startTasks(fresh);
    if (
      workflowInfo().historyLength > MAX_HISTORY_EVENTS ||
      workflowInfo().continueAsNewSuggested
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof planLifecycle>(input);
    }
  }

  // Follow until every task has ended, or the leader closes the plan.
  for (;;) {
    counts = await acts.planCounts(input.planId);
    if (closing || counts.open === 0) break;
    await condition(() => closing !== null, input.followEveryMs);
  }
  const request = closing as { actorId: string; mode: ClosePlanMode } | null;
  if (request?.mode === 'cancel') {
    await acts.cancelOpenTasks(input.planId, request.actorId, 'Đóng kế hoạch cuối năm');
  }
  await acts.recordPlanClosed(input.planId, request?.mode ?? 'completed');
  counts = await acts.planCounts(input.planId);
  closed = true;
  await condition(allHandlersFinished);
  return counts;
}
