import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { planCountsQuery, planWorkflowId } from '../../workflows/plan/plan.messages';
import { Actor, canSeeUnitPath, scopePattern } from '../auth/actor';
import { forbidden, notFound } from '../common/domain.exception';
import { vnDateOf } from '../domain/dates';
import { timelinessSql } from '../domain/timeliness.sql';
import { visibleTaskSql } from '../tasks/task-permissions';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { buildPlanTree } from './plan-tree';

/** A plan as the access checks and commands need it. */
export interface PlanRow {
  id: string;
  status: string;
  issuingUnitId: string;
  unitPath: string;
  symbol: string;
  parentPlanId: string | null;
  isRootUnit: boolean;
}

/** Reads of plans: the list, one plan with its workflow's counts, and the tree of plans below it. */
@Injectable()
export class PlanQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** The plans of the actor's subtree, and those of the units above it (the plans it implements). */
  list(actor: Actor) {
    return this.db.query(
      `SELECT p.id, d.symbol, p.title, p.year, p.status, p.parent_plan_id AS "parentPlanId",
              u.code AS "issuingUnitCode"
       FROM plans p JOIN documents d ON d.id = p.document_id JOIN units u ON u.id = p.issuing_unit_id
       WHERE u.path LIKE $1 OR $2 LIKE u.path || '%'
       ORDER BY d.issue_date DESC, d.symbol`,
      [scopePattern(actor), actor.unitPath],
    );
  }

  async get(actor: Actor, planId: string) {
    await this.load(actor, planId);
    const [row] = await this.db.query(
      `SELECT p.id, d.symbol, d.issue_date::text AS "issueDate", d.summary, p.title, p.year, p.areas,
              p.status, p.parent_plan_id AS "parentPlanId", u.code AS "issuingUnitCode",
              u.name AS "issuingUnitName",
              (SELECT count(*)::int FROM plan_items i WHERE i.plan_id = p.id) AS items
       FROM plans p JOIN documents d ON d.id = p.document_id JOIN units u ON u.id = p.issuing_unit_id
       WHERE p.id = $1`,
      [planId],
    );
    const counts =
      row.status === 'draft'
        ? null
        : await this.temporal.workflow
            .getHandle(planWorkflowId(planId))
            .query(planCountsQuery)
            .catch(() => null);
    return { ...row, counts };
  }

  /**
   * plan → tasks → child plans → tasks, with counts per timeliness class rolled up at every node.
   * Tasks the caller may not open (GET /tasks/:id) are counted but not listed (`hiddenTasks`).
   */
  async tree(actor: Actor, planId: string) {
    await this.load(actor, planId);
    const today = vnDateOf(new Date());
    const plans: {
      id: string;
      parentPlanId: string | null;
      symbol: string;
      title: string;
      unitCode: string;
      status: string;
    }[] = await this.db.query(
      `WITH RECURSIVE sub AS (
           SELECT id FROM plans WHERE id = $1
           UNION ALL SELECT p.id FROM plans p JOIN sub ON p.parent_plan_id = sub.id)
         SELECT p.id, p.parent_plan_id AS "parentPlanId", d.symbol, p.title, u.code AS "unitCode", p.status
         FROM plans p JOIN sub ON sub.id = p.id JOIN documents d ON d.id = p.document_id
         JOIN units u ON u.id = p.issuing_unit_id`,
      [planId],
    );
    const ids = plans.map((p) => p.id);
    const tasks: {
      planId: string;
      id: string;
      title: string;
      leadUnitCode: string;
      dueDate: string | null;
      effectiveDueDate: string | null;
      status: string;
      timeliness: string;
      visible: boolean;
    }[] = await this.db.query(
      `SELECT t.plan_id AS "planId", t.id, t.title, lu.code AS "leadUnitCode",
                t.written_due_date::text AS "dueDate", t.due_date::text AS "effectiveDueDate",
                t.status, ${timelinessSql('t', '$2::date')} AS timeliness,
                ${visibleTaskSql('t', '$3', '$4')} AS visible
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
         WHERE t.plan_id = ANY($1::uuid[]) ORDER BY t.assigned_at, t.id`,
      [ids, today, scopePattern(actor), actor.id],
    );
    // An obligation's task is named only to those who may open it.
    const obligations: {
      planId: string;
      unitCode: string;
      dueDate: string;
      taskId: string | null;
      fulfilledBy: string | null;
    }[] = await this.db.query(
      `SELECT o.plan_id AS "planId", u.code AS "unitCode", o.due_date::text AS "dueDate",
              CASE WHEN ${visibleTaskSql('ot', '$2', '$3')} THEN o.task_id END AS "taskId",
              fd.symbol AS "fulfilledBy"
       FROM plan_obligations o JOIN units u ON u.id = o.unit_id LEFT JOIN tasks ot ON ot.id = o.task_id
       LEFT JOIN plans fp ON fp.id = o.fulfilled_by_plan_id LEFT JOIN documents fd ON fd.id = fp.document_id
       WHERE o.plan_id = ANY($1::uuid[]) ORDER BY u.code`,
      [ids, scopePattern(actor), actor.id],
    );
    return buildPlanTree(planId, plans, tasks, obligations);
  }

  /**
   * The plan, if the actor may see it: a unit sees its own subtree's plans and the plans of the
   * units above it, which it implements (docs/decisions/0008-bulk-assignment-and-plan-scope.md).
   */
  async load(actor: Actor, planId: string): Promise<PlanRow>;
  async load(actor: Actor, planId: string, required: false): Promise<PlanRow | null>;
  async load(actor: Actor, planId: string, required = true): Promise<PlanRow | null> {
    const [plan]: PlanRow[] = await this.db.query(
      `SELECT p.id, p.status, p.issuing_unit_id AS "issuingUnitId", u.path AS "unitPath", d.symbol,
              p.parent_plan_id AS "parentPlanId", u.parent_id IS NULL AS "isRootUnit"
       FROM plans p JOIN units u ON u.id = p.issuing_unit_id JOIN documents d ON d.id = p.document_id
       WHERE p.id = $1`,
      [planId],
    );
    if (!plan) {
      if (required) throw notFound('Plan', planId);
      return null;
    }
    if (!canSeeUnitPath(actor, plan.unitPath) && !actor.unitPath.startsWith(plan.unitPath)) {
      throw forbidden('OUTSIDE_SCOPE', "This plan belongs to another unit's scope");
    }
    return plan;
  }
}
