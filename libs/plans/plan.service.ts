import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { planLifecycle } from '../../workflows/plan/plan-lifecycle.workflow';
import {
  ClosePlanMode,
  closePlanUpdate,
  planWorkflowId,
  startObligationsUpdate,
} from '../../workflows/plan/plan.messages';
import { taskPersistedUpdate, taskWorkflowId } from '../../workflows/task/task.messages';
import { Actor } from '../auth/actor';
import { conflict, fieldError, forbidden, validationFailed } from '../common/domain.exception';
import type { Environment } from '../config/environment';
import { DocumentService } from '../documents/document.service';
import { AssignmentValidationService } from '../tasks/assignment-validation.service';
import { TaskCommandsService } from '../tasks/task-commands.service';
import { obligationTaskId } from '../tasks/task-ids';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { workflowSummary } from '../../workflows/task/task.search-attributes';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { CreatePlanDto, ImplementingUnitDto, IssuePlanDto, PlanItemDto } from './dto/plan.dto';
import { obligationTaskSpec } from './plan-obligation';
import { PlanQueryService, PlanRow } from './plan-query.service';

/** Items whose workflows the plan workflow starts at a time. */
const PLAN_START_BATCH = 50;

/** Obligation tasks whose stored row the issue request awaits at once. */
const STORED_WAIT_CONCURRENCY = 32;

/** Plans and the cascade from a provincial plan to the units' implementing plans: the commands. */
@Injectable()
export class PlanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: PlanQueryService,
    private readonly documents: DocumentService,
    private readonly tasks: TaskCommandsService,
    private readonly assignments: AssignmentValidationService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly taskSettings: TaskSettingsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Registers the plan's KH document and the plan (draft); fulfils the unit's obligation, if any. */
  async create(actor: Actor, dto: CreatePlanDto) {
    const parent = dto.parentPlanId
      ? await this.queries.load(actor, dto.parentPlanId, false)
      : null;
    if (dto.parentPlanId && !parent) {
      throw validationFailed(fieldError('parentPlanId', 'exists', 'parentPlanId must name a plan'));
    }
    const id = await this.db.transaction(async (em) => {
      const document = await this.documents.register(actor, dto, em);
      if (document.type !== 'KH') {
        throw validationFailed(
          fieldError(
            'symbol',
            'planDocument',
            'a plan is a kế hoạch: its symbol reads <số>/KH-<cơ quan>',
          ),
        );
      }
      const [plan] = await em.query(
        `INSERT INTO plans (document_id, issuing_unit_id, year, title, areas, parent_plan_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          document.id,
          actor.unitId,
          document.year,
          dto.title,
          dto.areas ?? [],
          parent?.id ?? null,
          actor.id,
        ],
      );
      return plan.id as string;
    });
    if (parent) await this.fulfilObligation(actor, parent.id, id);
    return this.queries.get(actor, id);
  }

  async addItem(actor: Actor, planId: string, dto: PlanItemDto) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'draft')
      throw conflict('PLAN_NOT_DRAFT', 'Items are added while the plan is a draft');
    const { parentTaskId, ...task } = dto;
    await this.assignments.validateAssignment(actor, task);
    if (parentTaskId) {
      const [parent] = await this.db.query(
        `SELECT 1 FROM tasks t JOIN plans p ON p.id = $2 WHERE t.id = $1 AND t.plan_id = p.parent_plan_id`,
        [parentTaskId, planId],
      );
      if (!parent) {
        throw validationFailed(
          fieldError(
            'parentTaskId',
            'parentPlanTask',
            'parentTaskId must be a task of the parent plan',
          ),
        );
      }
    }
    const [item] = await this.db.query(
      'INSERT INTO plan_items (plan_id, spec) VALUES ($1, $2) RETURNING id, spec',
      [planId, JSON.stringify(dto)],
    );
    return item;
  }

  /**
   * Issues the plan: its workflow starts the task of each item and gives each implementing unit
   * an obligation task. Re-running after an interruption continues where it stopped.
   */
  async issue(actor: Actor, planId: string, dto: IssuePlanDto) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'draft')
      throw conflict('PLAN_NOT_DRAFT', 'The plan has already been issued');
    const units = dto.implementingUnits ?? [];
    // Every obligation is checked as the assignment it becomes before anything is written.
    await this.checkImplementingUnits(actor, plan, units);
    // One issuer at a time per plan: a parallel request is told so at once instead of starting
    // a second set of tasks. The lock lives in a transaction, so a crash releases it.
    await this.db.transaction(async (em) => {
      const [{ locked }] = await em.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [`plan-issue:${planId}`],
      );
      if (!locked) {
        throw conflict('PLAN_ISSUE_IN_PROGRESS', 'The plan is being issued by another request');
      }
      const [{ status }] = await em.query('SELECT status FROM plans WHERE id = $1', [planId]);
      if (status !== 'draft') throw conflict('PLAN_NOT_DRAFT', 'The plan has already been issued');
      await this.issueLocked(actor, planId, units);
    });
    return this.queries.get(actor, planId);
  }

  private async checkImplementingUnits(actor: Actor, plan: PlanRow, units: ImplementingUnitDto[]) {
    const found: { id: string }[] = await this.db.query(
      'SELECT id FROM units WHERE id = ANY($1::uuid[])',
      [units.map((u) => u.unitId)],
    );
    const known = new Set(found.map((u) => u.id));
    const unknown = units.flatMap((u, i) =>
      known.has(u.unitId)
        ? []
        : [
            fieldError(
              `implementingUnits.${i}.unitId`,
              'exists',
              'unitId must name an existing unit',
            ),
          ],
    );
    if (unknown.length > 0) throw validationFailed(...unknown);
    for (const u of units) {
      await this.assignments.validateAssignment(actor, obligationTaskSpec(plan, u));
    }
  }

  private async issueLocked(actor: Actor, planId: string, units: ImplementingUnitDto[]) {
    // The obligation's task id is derived from (plan, unit): a repeated issue after an
    // interruption finds the task started before instead of starting another.
    await this.db.query(
      `INSERT INTO plan_obligations (plan_id, unit_id, due_date, task_id)
       SELECT $1, unit_id, due_date, task_id
       FROM unnest($2::uuid[], $3::date[], $4::uuid[]) AS o(unit_id, due_date, task_id)
       ON CONFLICT (plan_id, unit_id) DO NOTHING`,
      [
        planId,
        units.map((u) => u.unitId),
        units.map((u) => u.dueDate),
        units.map((u) => obligationTaskId(planId, u.unitId)),
      ],
    );
    await this.db.query(`UPDATE plans SET issued_at = coalesce(issued_at, now()) WHERE id = $1`, [
      planId,
    ]);
    const [{ label }]: { label: string }[] = await this.db.query(
      `SELECT d.symbol || ' — ' || p.title AS label
       FROM plans p JOIN documents d ON d.id = p.document_id WHERE p.id = $1`,
      [planId],
    );
    // The plan's workflow starts the obligations' workflows at once, then the items' in bounded
    // batches, and follows them; the update answers once the obligations have started.
    const pending = await this.temporal.workflow.executeUpdateWithStart(startObligationsUpdate, {
      args: [{ assignerId: actor.id }],
      startWorkflowOperation: new WithStartWorkflowOperation<typeof planLifecycle>(
        'planLifecycle',
        {
          taskQueue: this.temporalSettings.taskQueue,
          workflowId: planWorkflowId(planId),
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: workflowSummary(label),
          args: [
            {
              planId,
              settings: await this.taskSettings.current(),
              followEveryMs: this.config.get('TASK_DAY_LENGTH_MS'),
              batchSize: PLAN_START_BATCH,
            },
          ],
        },
      ),
    });
    // Each unit sees its obligation as soon as the issue answers.
    await this.awaitStored(pending);
    // Marked issued last: an interrupted issue can simply be repeated.
    await this.db.query(`UPDATE plans SET status = 'issued' WHERE id = $1`, [planId]);
  }

  /** Returns once each task's workflow has stored its row; a refused one answers why. */
  private async awaitStored(taskIds: string[]) {
    let next = 0;
    const awaitNext = async () => {
      while (next < taskIds.length) {
        const handle = this.temporal.workflow.getHandle(taskWorkflowId(taskIds[next++]));
        await handle.executeUpdate(taskPersistedUpdate);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(STORED_WAIT_CONCURRENCY, taskIds.length) }, awaitNext),
    );
  }

  /** Closes an issued plan (e.g. at year end), leaving open tasks running or cancelling them. */
  async close(actor: Actor, planId: string, mode: ClosePlanMode) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'issued') throw conflict('PLAN_NOT_ISSUED', `The plan is ${plan.status}`);
    const counts = await this.temporal.workflow
      .getHandle(planWorkflowId(planId))
      .executeUpdate(closePlanUpdate, { args: [{ actorId: actor.id, mode }] });
    return { ...(await this.queries.get(actor, planId)), counts };
  }

  /**
   * Registering a plan under its parent completes the unit's obligation task, if still open, and
   * any obligation it took over in a reorganisation (docs/domain.md §9).
   */
  private async fulfilObligation(actor: Actor, parentPlanId: string, newPlanId: string) {
    // An UPDATE … RETURNING comes back from TypeORM as [rows, count].
    const [obligations]: [{ taskId: string; status: string }[]] = await this.db.query(
      `UPDATE plan_obligations o SET fulfilled_by_plan_id = $3
       FROM tasks t WHERE o.plan_id = $1 AND o.fulfilled_by_plan_id IS NULL
         AND (o.unit_id = $2 OR o.taken_over_by_unit_id = $2) AND t.id = o.task_id
       RETURNING o.task_id AS "taskId", t.status`,
      [parentPlanId, actor.unitId, newPlanId],
    );
    const open = obligations.filter((o) => !['completed', 'cancelled'].includes(o.status));
    if (open.length === 0) return;
    const [symbol] = await this.db.query(
      'SELECT d.symbol FROM plans p JOIN documents d ON d.id = p.document_id WHERE p.id = $1',
      [newPlanId],
    );
    for (const obligation of open) {
      await this.tasks.fulfil(
        obligation.taskId,
        actor.id,
        `Đã ban hành Kế hoạch số ${symbol.symbol}`,
      );
    }
  }

  private async asIssuer(actor: Actor, planId: string): Promise<PlanRow> {
    const plan = await this.queries.load(actor, planId);
    if (plan.issuingUnitId !== actor.unitId) {
      throw forbidden('NOT_PLAN_ISSUER', 'Only the issuing unit edits and issues its plan');
    }
    return plan;
  }
}
