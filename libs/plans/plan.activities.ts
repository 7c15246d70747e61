import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Context } from '@temporalio/activity';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { PlanActivityContract, PlanCounts } from '../../workflows/plan/plan.contract';
import type { NewTaskRecord } from '../../workflows/task/task.contract';
import { taskUpdates } from '../../workflows/task/task.messages';
import { CalendarService } from '../calendar/calendar.service';
import { tryParseDocumentSymbol } from '../documents/document-symbol';
import { newTaskRecord } from '../domain/task-record';
import type { PlanItemDto } from './dto/plan.dto';
import { obligationTaskSpec } from './plan-obligation';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { DeadlineService } from '../calendar/deadline.service';

/** The plan workflow's side effects, hosted by the worker. */
@Injectable()
export class PlanActivities implements PlanActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calendar: CalendarService,
    private readonly deadlines: DeadlineService,
  ) {}

  async claimPlanItems(planId: string, limit: number): Promise<NewTaskRecord[]> {
    // Items claimed by an earlier attempt whose task row is not stored yet come first.
    await this.db.query(
      `UPDATE plan_items SET task_id = gen_random_uuid()
       WHERE id IN (SELECT id FROM plan_items WHERE plan_id = $1 AND task_id IS NULL
                    ORDER BY created_at, id LIMIT $2)
         AND (SELECT count(*) FROM plan_items i LEFT JOIN tasks t ON t.id = i.task_id
              WHERE i.plan_id = $1 AND i.task_id IS NOT NULL AND t.id IS NULL) < $2`,
      [planId, limit],
    );
    const items: {
      taskId: string;
      spec: PlanItemDto;
      createdBy: string;
      unitId: string;
      issuedAt: Date;
    }[] = await this.db.query(
      `SELECT i.task_id AS "taskId", i.spec, p.created_by AS "createdBy",
                p.issuing_unit_id AS "unitId", p.issued_at AS "issuedAt"
         FROM plan_items i JOIN plans p ON p.id = i.plan_id LEFT JOIN tasks t ON t.id = i.task_id
         WHERE i.plan_id = $1 AND i.task_id IS NOT NULL AND t.id IS NULL
         ORDER BY i.created_at, i.id LIMIT $2`,
      [planId, limit],
    );
    const calendar = await this.calendar.calendar();
    const effectiveOf = this.deadlines.resolverFor(calendar);
    return items.map(({ taskId, spec, createdBy, unitId, issuedAt }) =>
      newTaskRecord(
        {
          ...spec,
          sourceDocument: spec.sourceDocument
            ? (tryParseDocumentSymbol(spec.sourceDocument)?.canonical ?? null)
            : null,
          reviewerIds: [],
        },
        {
          id: taskId,
          assignerId: createdBy,
          assigningUnitId: unitId,
          assignedAt: issuedAt,
          planId,
          calendar,
          effectiveOf,
        },
      ),
    );
  }

  async pendingObligationTasks(planId: string, assignerId: string): Promise<NewTaskRecord[]> {
    const pending: {
      taskId: string;
      unitId: string;
      dueDate: string;
      symbol: string;
      isRootUnit: boolean;
      assigningUnitId: string;
      issuedAt: Date;
    }[] = await this.db.query(
      `SELECT o.task_id AS "taskId", o.unit_id AS "unitId", o.due_date::text AS "dueDate", d.symbol,
              u.parent_id IS NULL AS "isRootUnit", p.issuing_unit_id AS "assigningUnitId",
              p.issued_at AS "issuedAt"
         FROM plan_obligations o JOIN plans p ON p.id = o.plan_id
         JOIN documents d ON d.id = p.document_id JOIN units u ON u.id = p.issuing_unit_id
         LEFT JOIN tasks t ON t.id = o.task_id
         WHERE o.plan_id = $1 AND o.task_id IS NOT NULL AND t.id IS NULL
         ORDER BY o.unit_id`,
      [planId],
    );
    const calendar = await this.calendar.calendar();
    const effectiveOf = this.deadlines.resolverFor(calendar);
    return pending.map(
      ({ taskId, unitId, dueDate, symbol, isRootUnit, assigningUnitId, issuedAt }) =>
        newTaskRecord(
          {
            // A registered document's symbol is stored in its canonical form.
            ...obligationTaskSpec({ symbol, isRootUnit }, { unitId, dueDate }),
            reviewerIds: [],
          },
          // Issued the moment the plan was: a retry builds the same record.
          { id: taskId, assignerId, assigningUnitId, assignedAt: issuedAt, planId, effectiveOf },
        ),
    );
  }

  async planCounts(planId: string): Promise<PlanCounts> {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM plan_items WHERE plan_id = $1) AS items,
              count(t.id)::int AS stored,
              count(*) FILTER (WHERE t.status NOT IN ('completed', 'cancelled'))::int AS open,
              count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
              count(*) FILTER (WHERE t.status = 'cancelled')::int AS cancelled
       FROM tasks t WHERE t.plan_id = $1`,
      [planId],
    );
    // Items whose task is not stored yet are open too.
    const pending = Math.max(0, row.items - row.stored);
    return {
      total: Math.max(row.items, row.stored),
      open: row.open + pending,
      completed: row.completed,
      cancelled: row.cancelled,
    };
  }

  async cancelOpenTasks(planId: string, actorId: string, reason: string): Promise<number> {
    const open: { workflowId: string }[] = await this.db.query(
      `SELECT workflow_id AS "workflowId" FROM tasks
       WHERE plan_id = $1 AND status NOT IN ('completed', 'cancelled')`,
      [planId],
    );
    let cancelled = 0;
    for (const { workflowId } of open) {
      Context.current().heartbeat(cancelled);
      try {
        await this.temporal.workflow
          .getHandle(workflowId)
          .executeUpdate(taskUpdates.cancel, { args: [{ actorId, reason }] });
        cancelled++;
      } catch (error) {
        // Finished meanwhile: nothing to cancel.
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      }
    }
    return cancelled;
  }

  async recordPlanClosed(planId: string, _mode: string): Promise<void> {
    await this.db.query(`UPDATE plans SET status = 'closed' WHERE id = $1`, [planId]);
  }
}
