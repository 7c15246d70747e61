/**
 * planLifecycle — one workflow per issued plan, id `plan-<planId>`.
 *
 * Starts the plan's item tasks as `taskLifecycle` children (abandoned on close), `batchSize` at a
 * time, so fan-out is bounded; continues as new when the history grows, so a plan of thousands of
 * tasks keeps a short history. Then follows its tasks once per calendar day (counts in SQL) and
 * closes the plan when every task has ended.
 * Messages: query `counts` (live, from the last check); update `close` ({ mode: 'carry_over' |
 * 'cancel' }) — at year end the leader closes the plan, leaving open tasks running (carried over
 * into the next period's reports) or cancelling them.
 * Timers: one per calendar day while following.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { TaskWorkflowSettings } from '../task/task-lifecycle.workflow';
import { taskWorkflowId } from '../task/task.messages';
import type { PlanActivityContract, PlanCounts } from './plan.activities';

export interface PlanLifecycleInput {
  planId: string;
  settings: TaskWorkflowSettings;
  followEveryMs: number;
  batchSize: number;
}

export type ClosePlanMode = 'carry_over' | 'cancel';
export const planCountsQuery = defineQuery<PlanCounts | null>('counts');
export const closePlanUpdate = defineUpdate<PlanCounts, [{ actorId: string; mode: ClosePlanMode }]>(
  'close',
);
export const planWorkflowId = (planId: string) => `plan-${planId}`;

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

  setHandler(planCountsQuery, () => counts);
  setHandler(
    closePlanUpdate,
    async (request) => {
      closing = request;
      await condition(() => closed);
      return counts!;
    },
    {
      validator: (_request: { actorId: string; mode: ClosePlanMode }) => {
        if (closing || closed) {
          throw ApplicationFailure.create({
            type: 'PLAN_CLOSED',
            message: 'The plan is closed',
            nonRetryable: true,
          });
        }
      },
    },
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
    await Promise.all(
      fresh.map((task) =>
        startChild('taskLifecycle', {
          workflowId: taskWorkflowId(task.id),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [{ task, settings: input.settings }],
        }).catch((error) => {
          // A retried batch: the task's workflow already runs.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }),
      ),
    );
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
