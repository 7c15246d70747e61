import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';

export interface FailingTaskWorkflow {
  workflowId: string;
  /** Null when the assignment itself was refused: no task row exists. */
  taskId: string | null;
  title: string | null;
  /** Temporal's execution status: FAILED, TERMINATED or TIMED_OUT. */
  status: string;
  closedAt: string | null;
  reason: string | null;
}

/**
 * For operators: task workflows that ended abnormally on this deployment's task queue, newest
 * first, with the task they belong to and why they ended. A task workflow ends normally only with
 * its task (completed or cancelled); anything else needs a look.
 */
@Injectable()
export class TaskWorkflowHealthService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async failing(limit: number): Promise<FailingTaskWorkflow[]> {
    const found: FailingTaskWorkflow[] = [];
    const query = [
      `WorkflowType = 'taskLifecycle'`,
      `TaskQueue = '${this.temporalSettings.taskQueue.replace(/'/g, '')}'`,
      `ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`,
    ].join(' AND ');
    for await (const execution of this.temporal.workflow.list({ query, pageSize: limit })) {
      found.push({
        workflowId: execution.workflowId,
        taskId: null,
        title: null,
        status: execution.status.name,
        closedAt: execution.closeTime?.toISOString() ?? null,
        reason: await this.reason(execution.workflowId, execution.runId),
      });
      if (found.length >= limit) break;
    }
    const rows: { id: string; title: string; workflowId: string }[] = await this.db.query(
      `SELECT id, title, workflow_id AS "workflowId" FROM tasks WHERE workflow_id = ANY($1)`,
      [found.map((f) => f.workflowId)],
    );
    const byWorkflow = new Map(rows.map((r) => [r.workflowId, r]));
    return found.map((f) => ({
      ...f,
      taskId: byWorkflow.get(f.workflowId)?.id ?? null,
      title: byWorkflow.get(f.workflowId)?.title ?? null,
    }));
  }

  private async reason(workflowId: string, runId: string): Promise<string | null> {
    try {
      await this.temporal.workflow.getHandle(workflowId, runId).result();
      return null;
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause;
      return cause?.message ?? (error as Error).message;
    }
  }
}
