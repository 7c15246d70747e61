/** Contract of the plan workflow's activities; the worker binds PlanActivities to it. */
import type { NewTaskRecord } from '../task/task.contract';

export interface PlanCounts {
  total: number;
  open: number;
  completed: number;
  cancelled: number;
}

export interface PlanActivityContract {
  /**
   * Up to `limit` items whose task has not been stored yet, each with the task id it was given
   * (claimed once, so a retried batch returns the same ids).
   */
  claimPlanItems(planId: string, limit: number): Promise<NewTaskRecord[]>;
  /**
   * The plan's obligation tasks whose row is not stored yet, assigned by `assignerId`; their ids
   * come from plan and unit, so every call returns the same ones.
   */
  pendingObligationTasks(planId: string, assignerId: string): Promise<NewTaskRecord[]>;
  planCounts(planId: string): Promise<PlanCounts>;
  /** Cancels the plan's open tasks through their own workflows; returns how many. */
  cancelOpenTasks(planId: string, actorId: string, reason: string): Promise<number>;
  recordPlanClosed(planId: string, mode: 'completed' | 'carry_over' | 'cancel'): Promise<void>;
}
