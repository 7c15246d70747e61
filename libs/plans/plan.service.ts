import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, canSeeUnitPath, rootPathOf, scopePattern } from '../auth/actor';
import {
  badRequest,
  conflict,
  DomainException,
  forbidden,
  notFound,
} from '../common/domain.exception';
import {
  DocumentSymbolError,
  documentSymbolKey,
  parseDocumentSymbol,
} from '../documents/document-symbol';
import { stripDiacritics } from '../documents/strip-diacritics';
import { visibleTaskSql } from '../tasks/task-permissions';
import { TIMELINESS_CLASSES } from '../tasks/domain/timeliness';
import { vnDateOf } from '../tasks/domain/timeliness';
import { timelinessSql } from '../tasks/task-timeliness.sql';
import { obligationTaskId } from '../tasks/task-ids';
import { TaskService } from '../tasks/task.service';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import type { Environment } from '../config/environment';
import {
  ClosePlanMode,
  closePlanUpdate,
  planCountsQuery,
  planWorkflowId,
} from '../../workflows/plan/plan-lifecycle.workflow';
import type { planLifecycle } from '../../workflows/plan/plan-lifecycle.workflow';
import { CreatePlanDto, IssuePlanDto, PlanItemDto, RegisterDocumentDto } from './dto/plan.dto';

/** Items whose workflows the plan workflow starts at a time. */
const PLAN_START_BATCH = 50;

interface PlanRow {
  id: string;
  status: string;
  issuingUnitId: string;
  unitPath: string;
  symbol: string;
  parentPlanId: string | null;
  isRootUnit: boolean;
}

type Counts = Record<string, number> & { total: number; implemented: number };

/** Documents, plans and the cascade from a provincial plan to the units' implementing plans. */
@Injectable()
export class PlanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly taskSettings: TaskSettingsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async registerDocument(
    actor: Actor,
    dto: RegisterDocumentDto,
    em: EntityManager = this.db.manager,
  ) {
    let parsed;
    try {
      parsed = parseDocumentSymbol(dto.symbol);
    } catch (error) {
      const reason = error instanceof DocumentSymbolError ? error.reason : String(error);
      throw badRequest('VALIDATION_FAILED', 'Invalid input: symbol', [
        { field: 'symbol', rule: 'documentSymbol', message: reason },
      ]);
    }
    await this.checkIssuer(actor, parsed.issuer, em);
    try {
      const [row] = await em.query(
        `INSERT INTO documents (symbol, symbol_key, number, type, issue_date, year, issuing_unit_id, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, symbol, type, issue_date::text AS "issueDate", year`,
        [
          parsed.canonical,
          documentSymbolKey(parsed),
          parsed.number,
          parsed.type,
          dto.issueDate,
          Number(dto.issueDate.slice(0, 4)),
          actor.unitId,
          dto.summary ?? null,
        ],
      );
      return row as { id: string; symbol: string; type: string | null };
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw conflict(
          'DOCUMENT_EXISTS',
          `Văn bản số ${parsed.canonical} năm ${dto.issueDate.slice(0, 4)} đã được đăng ký`,
        );
      }
      throw error;
    }
  }

  /**
   * Only the unit a symbol names as its issuing body (102/KH-SKHDT: Sở KH&ĐT), or a unit above it,
   * registers a document or a plan under that symbol.
   */
  private async checkIssuer(actor: Actor, issuer: string, em: EntityManager) {
    const [named] = await em.query(
      `SELECT bool_or(u.path LIKE $2 || '%') AS mine FROM units u
       WHERE translate(upper(u.code), 'Đ', 'D') = $1 HAVING count(*) > 0`,
      [stripDiacritics(issuer).toUpperCase(), actor.unitPath],
    );
    if (!named) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: symbol', [
        {
          field: 'symbol',
          rule: 'issuerUnit',
          message: `Không có đơn vị nào mang ký hiệu ${issuer} (cơ quan ban hành nêu trong số, ký hiệu)`,
        },
      ]);
    }
    if (!named.mine) {
      throw forbidden(
        'NOT_DOCUMENT_ISSUER',
        `Chỉ đơn vị ${issuer} hoặc đơn vị cấp trên của đơn vị này được đăng ký văn bản mang ký hiệu của ${issuer}`,
      );
    }
  }

  /** Look-up within the caller's own province (another root's documents stay unknown). */
  findDocuments(actor: Actor, symbol: string) {
    const parsed = (() => {
      try {
        return parseDocumentSymbol(symbol);
      } catch {
        throw badRequest('VALIDATION_FAILED', 'Invalid input: symbol', [
          { field: 'symbol', rule: 'documentSymbol', message: 'symbol must be a số/ký hiệu' },
        ]);
      }
    })();
    return this.db.query(
      `SELECT d.id, d.symbol, d.type, d.issue_date::text AS "issueDate", d.year, d.summary,
              u.code AS "issuingUnitCode", p.id AS "planId"
       FROM documents d JOIN units u ON u.id = d.issuing_unit_id LEFT JOIN plans p ON p.document_id = d.id
       WHERE d.symbol_key = $1 AND u.path LIKE $2 || '%' ORDER BY d.issue_date DESC`,
      [documentSymbolKey(parsed), rootPathOf(actor.unitPath)],
    );
  }

  /** Registers the plan's KH document and the plan (draft); fulfils the unit's obligation, if any. */
  async create(actor: Actor, dto: CreatePlanDto) {
    const parent = dto.parentPlanId ? await this.load(actor, dto.parentPlanId, false) : null;
    if (dto.parentPlanId && !parent) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: parentPlanId', [
        { field: 'parentPlanId', rule: 'exists', message: 'parentPlanId must name a plan' },
      ]);
    }
    const id = await this.db.transaction(async (em) => {
      const document = await this.registerDocument(actor, dto, em);
      if (document.type !== 'KH') {
        throw badRequest('VALIDATION_FAILED', 'Invalid input: symbol', [
          {
            field: 'symbol',
            rule: 'planDocument',
            message: 'a plan is a kế hoạch: its symbol reads <số>/KH-<cơ quan>',
          },
        ]);
      }
      const [plan] = await em.query(
        `INSERT INTO plans (document_id, issuing_unit_id, year, title, areas, parent_plan_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          document.id,
          actor.unitId,
          Number(dto.issueDate.slice(0, 4)),
          dto.title,
          dto.areas ?? [],
          parent?.id ?? null,
          actor.id,
        ],
      );
      return plan.id as string;
    });
    if (parent) await this.fulfilObligation(actor, parent.id, id);
    return this.get(actor, id);
  }

  async addItem(actor: Actor, planId: string, dto: PlanItemDto) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'draft')
      throw conflict('PLAN_NOT_DRAFT', 'Items are added while the plan is a draft');
    const { parentTaskId, ...task } = dto;
    await this.tasks.validateAssignment(actor, task);
    if (parentTaskId) {
      const [parent] = await this.db.query(
        `SELECT 1 FROM tasks t JOIN plans p ON p.id = $2 WHERE t.id = $1 AND t.plan_id = p.parent_plan_id`,
        [parentTaskId, planId],
      );
      if (!parent) {
        throw badRequest('VALIDATION_FAILED', 'Invalid input: parentTaskId', [
          {
            field: 'parentTaskId',
            rule: 'parentPlanTask',
            message: 'parentTaskId must be a task of the parent plan',
          },
        ]);
      }
    }
    const [item] = await this.db.query(
      'INSERT INTO plan_items (plan_id, spec) VALUES ($1, $2) RETURNING id, spec',
      [planId, JSON.stringify(dto)],
    );
    return item;
  }

  /**
   * Issues the plan: starts the workflow of each item, and gives each implementing unit an
   * obligation task. Re-running after an interruption continues where it stopped.
   */
  async issue(actor: Actor, planId: string, dto: IssuePlanDto) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'draft')
      throw conflict('PLAN_NOT_DRAFT', 'The plan has already been issued');
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
      await this.issueLocked(actor, plan, dto);
    });
    return this.get(actor, planId);
  }

  private async issueLocked(actor: Actor, plan: PlanRow, dto: IssuePlanDto) {
    const planId = plan.id;
    for (const u of dto.implementingUnits ?? []) {
      // The obligation's task id is derived from (plan, unit): a repeated issue after an
      // interruption finds the task it started before instead of starting another.
      const taskId = obligationTaskId(planId, u.unitId);
      await this.db.query(
        `INSERT INTO plan_obligations (plan_id, unit_id, due_date, task_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (plan_id, unit_id) DO NOTHING`,
        [planId, u.unitId, u.dueDate, taskId],
      );
      const [stored] = await this.db.query('SELECT 1 FROM tasks WHERE id = $1', [taskId]);
      if (stored) continue;
      try {
        await this.tasks.assign(
          actor,
          {
            title: `Ban hành kế hoạch triển khai Kế hoạch số ${plan.symbol}`,
            source: plan.isRootUnit ? 'ubnd_tinh' : 'noi_bo',
            sourceDocument: plan.symbol,
            leadUnitId: u.unitId,
            dueDate: u.dueDate,
          },
          { planId, taskId },
        );
      } catch (error) {
        // Started by the interrupted run: its workflow stores the row itself.
        if (!(error instanceof DomainException && error.code === 'TASK_ALREADY_STARTED')) {
          throw error;
        }
      }
    }
    await this.db.query(`UPDATE plans SET issued_at = coalesce(issued_at, now()) WHERE id = $1`, [
      planId,
    ]);
    // The plan's workflow starts the items' workflows in bounded batches and follows them.
    await this.temporal.workflow.start<typeof planLifecycle>('planLifecycle', {
      taskQueue: this.temporalSettings.taskQueue,
      workflowId: planWorkflowId(planId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          planId,
          settings: this.taskSettings.forTask(),
          followEveryMs: this.config.get('TASK_DAY_LENGTH_MS'),
          batchSize: PLAN_START_BATCH,
        },
      ],
    });
    // Marked issued last: an interrupted issue can simply be repeated.
    await this.db.query(`UPDATE plans SET status = 'issued' WHERE id = $1`, [planId]);
  }

  /** Closes an issued plan (e.g. at year end), leaving open tasks running or cancelling them. */
  async close(actor: Actor, planId: string, mode: ClosePlanMode) {
    const plan = await this.asIssuer(actor, planId);
    if (plan.status !== 'issued') throw conflict('PLAN_NOT_ISSUED', `The plan is ${plan.status}`);
    const counts = await this.temporal.workflow
      .getHandle(planWorkflowId(planId))
      .executeUpdate(closePlanUpdate, { args: [{ actorId: actor.id, mode }] });
    return { ...(await this.get(actor, planId)), counts };
  }

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
      status: string;
      timeliness: string;
      visible: boolean;
    }[] = await this.db.query(
      `SELECT t.plan_id AS "planId", t.id, t.title, lu.code AS "leadUnitCode", t.due_date::text AS "dueDate",
                t.status, ${timelinessSql('t', '$2::date')} AS timeliness,
                ${visibleTaskSql('t', '$3', '$4')} AS visible
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
         WHERE t.plan_id = ANY($1::uuid[]) ORDER BY t.assigned_at, t.id`,
      [ids, today, scopePattern(actor), actor.id],
    );
    // An obligation's task is named only to those who may open it.
    const obligations = await this.db.query(
      `SELECT o.plan_id AS "planId", u.code AS "unitCode", o.due_date::text AS "dueDate",
              CASE WHEN ${visibleTaskSql('ot', '$2', '$3')} THEN o.task_id END AS "taskId",
              fd.symbol AS "fulfilledBy"
       FROM plan_obligations o JOIN units u ON u.id = o.unit_id LEFT JOIN tasks ot ON ot.id = o.task_id
       LEFT JOIN plans fp ON fp.id = o.fulfilled_by_plan_id LEFT JOIN documents fd ON fd.id = fp.document_id
       WHERE o.plan_id = ANY($1::uuid[]) ORDER BY u.code`,
      [ids, scopePattern(actor), actor.id],
    );
    const build = (id: string): { view: Record<string, unknown>; rollup: Counts } => {
      const plan = plans.find((p) => p.id === id)!;
      const own = tasks.filter((t) => t.planId === id);
      const children = plans.filter((p) => p.parentPlanId === id).map((p) => build(p.id));
      const counts = countsOf(own);
      const rollup = children.reduce((acc, c) => add(acc, c.rollup), counts);
      return {
        rollup,
        view: {
          ...plan,
          counts: withImplemented(counts),
          rollup: withImplemented(rollup),
          // Counts cover every task; only those the caller may open are listed.
          tasks: own.filter((t) => t.visible).map(({ planId: _p, visible: _v, ...t }) => t),
          hiddenTasks: own.filter((t) => !t.visible).length,
          obligations: obligations.filter((o: { planId: string }) => o.planId === id),
          children: children.map((c) => c.view),
        },
      };
    };
    return build(planId).view;
  }

  private async fulfilObligation(actor: Actor, parentPlanId: string, newPlanId: string) {
    // An UPDATE … RETURNING comes back from TypeORM as [rows, count].
    const [[obligation]] = await this.db.query(
      `UPDATE plan_obligations o SET fulfilled_by_plan_id = $3
       FROM tasks t WHERE o.plan_id = $1 AND o.unit_id = $2 AND o.fulfilled_by_plan_id IS NULL
         AND t.id = o.task_id
       RETURNING o.task_id AS "taskId", t.status`,
      [parentPlanId, actor.unitId, newPlanId],
    );
    if (!obligation || ['completed', 'cancelled'].includes(obligation.status)) return;
    const [symbol] = await this.db.query(
      'SELECT d.symbol FROM plans p JOIN documents d ON d.id = p.document_id WHERE p.id = $1',
      [newPlanId],
    );
    await this.tasks.fulfil(
      obligation.taskId,
      actor.id,
      `Đã ban hành Kế hoạch số ${symbol.symbol}`,
    );
  }

  private async load(actor: Actor, planId: string, required = true): Promise<PlanRow | null> {
    const [plan] = await this.db.query(
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
    // A unit sees its own subtree's plans and the plans of the units above it, which it implements.
    if (!canSeeUnitPath(actor, plan.unitPath) && !actor.unitPath.startsWith(plan.unitPath)) {
      throw forbidden('OUTSIDE_SCOPE', "This plan belongs to another unit's scope");
    }
    return plan;
  }

  private async asIssuer(actor: Actor, planId: string): Promise<PlanRow> {
    const plan = (await this.load(actor, planId))!;
    if (plan.issuingUnitId !== actor.unitId) {
      throw forbidden('NOT_PLAN_ISSUER', 'Only the issuing unit edits and issues its plan');
    }
    return plan;
  }
}

function countsOf(tasks: { status: string; timeliness: string }[]): Counts {
  const counts = Object.fromEntries(TIMELINESS_CLASSES.map((c) => [c, 0])) as Counts;
  counts.total = 0;
  counts.implemented = 0;
  counts.cancelled = 0;
  for (const t of tasks) {
    if (t.status === 'cancelled') {
      counts.cancelled += 1;
      continue;
    }
    counts.total += 1;
    counts[t.timeliness] += 1;
    if (t.status !== 'assigned') counts.implemented += 1;
  }
  return counts;
}

const add = (a: Counts, b: Counts): Counts =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + (b[k] ?? 0)])) as Counts;

/** "21/23 (91%)": tasks already taken up (accepted, in progress, submitted or completed). */
function withImplemented(c: Counts) {
  const share = c.total ? Math.round((c.implemented / c.total) * 100) : 0;
  return { ...c, implementedLabel: `${c.implemented}/${c.total} (${share}%)` };
}
