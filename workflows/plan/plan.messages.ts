/** Messages and input of the `planLifecycle` workflow, shared by the workflow and the API's client. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskWorkflowSettings } from '../task/task.messages';
import type { PlanCounts } from './plan.contract';

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
/**
 * Starts the plan's obligation tasks not stored yet (assigned by `assignerId`); answers their task
 * ids. Sent by the issue request with the workflow's start; a repeat starts none twice.
 */
export const startObligationsUpdate = defineUpdate<string[], [{ assignerId: string }]>(
  'startObligations',
);
export const planWorkflowId = (planId: string) => `plan-${planId}`;
