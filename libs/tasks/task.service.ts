import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { In, Repository } from 'typeorm';
import type {
  taskLifecycle,
  TaskLifecycleInput,
} from '../../workflows/task/task-lifecycle.workflow';
import {
  taskPersistedUpdate,
  taskStateQuery,
  taskUpdates,
  taskWorkflowId,
} from '../../workflows/task/task.messages';
import {
  checkTransition,
  isTerminal,
  TaskAction,
  TaskActionType,
  TaskState,
  TransitionContext,
  TransitionRejected,
} from '../../workflows/task/task-state';
import { dateAt, REAL_DAY_MS, vnDate } from '../../workflows/task/task-clock';
import { allowedTaskActions } from './detail/task-allowed-actions';
import { Actor, canSeeUnitPath, rootPathOf, scopePath } from '../auth/actor';
import { CalendarService } from '../calendar/calendar.service';
import {
  badRequest,
  conflict,
  DomainException,
  ErrorDetail,
  forbidden,
  isProductCode,
  notFound,
} from '../common/domain.exception';
import { tryParseDocumentSymbol } from '../documents/document-symbol';
import { Unit } from '../organization/unit.entity';
import { User } from '../organization/user.entity';
import { classifyTimeliness, vnDateOf } from './domain/timeliness';
import { CreateTaskDto } from './dto/create-task.dto';
import { ListTasksDto, TaskFilterDto, TaskSelectionDto } from './dto/list-tasks.dto';
import { TaskSettingsService } from './task-settings.service';
import { timelinessSql } from './task-timeliness.sql';
import { TaskEvent } from './task-event.entity';
import {
  approverTaskSql,
  canViewTask,
  maySplit,
  mayPerform,
  TaskScope,
  visibleTaskArms,
} from './task-permissions';
import { codedTaskId } from './task-ids';
import { Task } from './task.entity';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';

export interface AssignOptions {
  /** Splitting: the lead unit must lie under the parent's lead unit. */
  parent?: Task;
  planId?: string | null;
  /** Imported history: when it was assigned, and when it was completed (if it was). */
  imported?: {
    assignedAt: string;
    completedAt: string | null;
    result: string | null;
    parentTaskId: string | null;
  };
  /**
   * The task's id when the caller derives it (a plan's obligation: from the plan and the unit;
   * a task with a code gets `codedTaskId` without asking), so the workflow id is deterministic
   * and a duplicate start is refused by Temporal.
   */
  taskId?: string;
}

type ActionPayload<T extends TaskActionType> = Omit<
  Extract<TaskAction, { type: T }>,
  'type' | 'actorId'
>;

/** Workflow starts in flight at once for a bulk assignment. */
const BULK_START_CONCURRENCY = 32;

const field = (name: string, rule: string, message: string): ErrorDetail => ({
  field: name,
  rule,
  message,
});

@Injectable()
export class TaskService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(TaskEvent) private readonly events: Repository<TaskEvent>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly settings: TaskSettingsService,
    private readonly calendar: CalendarService,
  ) {}

  /** Validates, starts the task's workflow and returns once its activity has stored the task. */
  async assign(actor: Actor, dto: CreateTaskDto, options: AssignOptions = {}) {
    const leadUnit = await this.validateAssignment(actor, dto, options.parent);
    const input = await this.workflowInput(actor, dto, leadUnit, options);
    await this.claimCodes(actor.unitId, [input]);
    const state = await this.startStored(input).catch((error) => this.failedStart([input], error));
    return this.withState(actor, await this.loadVisible(actor, input.task.id), state);
  }

  /** One round trip: starts the workflow and waits until its activity has stored the row. */
  private startStored(input: TaskLifecycleInput): Promise<TaskState> {
    return this.temporal.workflow.executeUpdateWithStart(taskPersistedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof taskLifecycle>(
        'taskLifecycle',
        this.startOptions(input),
      ),
    });
  }

  /**
   * Claims the codes of these tasks for the assigning unit, all or none, before any workflow
   * starts: of parallel requests with one code exactly one gets it, the others a 409 at once.
   */
  private async claimCodes(
    unitId: string,
    inputs: TaskLifecycleInput[],
    fieldOf: (index: number) => string = () => 'code',
  ): Promise<void> {
    const coded = inputs.filter((i) => i.task.code);
    if (coded.length === 0) return;
    await this.tasks.manager.transaction(async (em) => {
      const claimed: { code: string }[] = await em.query(
        `INSERT INTO task_codes (assigning_unit_id, code, task_id)
         SELECT $1, c, t FROM unnest($2::varchar[], $3::uuid[]) AS x(c, t)
         ON CONFLICT DO NOTHING RETURNING code`,
        [unitId, coded.map((i) => i.task.code), coded.map((i) => i.task.id)],
      );
      if (claimed.length === coded.length) return;
      const got = new Set(claimed.map((c) => c.code));
      const taken = inputs.flatMap(({ task: { code } }, i) =>
        code && !got.has(code) ? [{ code, index: i }] : [],
      );
      // Throwing rolls back this request's claims: nothing was assigned.
      throw conflict(
        'TASK_CODE_TAKEN',
        `Nothing was assigned: your unit already has a task with code ${taken.map((t) => t.code).join(', ')}`,
        taken.map((t) => field(fieldOf(t.index), 'unique', `code ${t.code} is already used`)),
      );
    });
  }

  /**
   * A start that did not store its task gives its code back (unless the row exists after all),
   * and a workflow id already taken is the code's conflict, not an internal error.
   */
  private async failedStart(inputs: TaskLifecycleInput[], error: unknown): Promise<never> {
    await this.tasks.query(
      `DELETE FROM task_codes c WHERE c.task_id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = c.task_id)`,
      [inputs.map((i) => i.task.id)],
    );
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw conflict('TASK_ALREADY_STARTED', 'This task has already been assigned');
    }
    if (error instanceof WorkflowUpdateFailedError && !isWorkflowRejection(error)) {
      // The run ended before answering (its assignment was refused in its first workflow
      // task): its failure says why.
      const failure = await this.temporal.workflow
        .getHandle(taskWorkflowId(inputs[0].task.id))
        .result()
        .then(
          () => undefined,
          (failed: { cause?: unknown }) => failed.cause,
        );
      if (failure instanceof ApplicationFailure) {
        throw new WorkflowUpdateFailedError(failure.message, failure);
      }
    }
    throw error;
  }

  /**
   * Assigns many tasks at once: all are checked first (errors name `tasks.<i>.<field>`), nothing
   * starts unless every one is valid; then the workflows start, a bounded number at a time, and
   * the call returns once every workflow has stored its row.
   */
  async assignMany(actor: Actor, dtos: CreateTaskDto[]) {
    const details: ErrorDetail[] = [];
    const statuses = new Set<HttpStatus>();
    const leadUnits: Unit[] = [];
    const codes = new Set<string>();
    for (const [i, dto] of dtos.entries()) {
      try {
        if (dto.code && codes.has(dto.code)) {
          throw conflict('TASK_CODE_TAKEN', `Code ${dto.code} appears twice in this request`);
        }
        if (dto.code) codes.add(dto.code);
        leadUnits[i] = await this.validateAssignment(actor, dto);
      } catch (error) {
        if (!(error instanceof DomainException)) throw error;
        statuses.add(error.status);
        const own = error.details.length ? error.details : [field('', error.code, error.message)];
        details.push(
          ...own.map((d) => ({ ...d, field: `tasks.${i}${d.field ? `.${d.field}` : ''}` })),
        );
      }
    }
    if (details.length > 0) {
      // One answer for the whole request: invalid input first, then scope, then conflicts.
      const [status, code] = statuses.has(HttpStatus.BAD_REQUEST)
        ? [HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED']
        : statuses.has(HttpStatus.FORBIDDEN)
          ? [HttpStatus.FORBIDDEN, 'OUTSIDE_SCOPE']
          : [HttpStatus.CONFLICT, 'TASK_CODE_TAKEN'];
      throw new DomainException(
        status,
        code,
        `Nothing was assigned: ${[...new Set(details.map((d) => d.field))].join(', ')}`,
        details,
      );
    }
    const inputs = await Promise.all(
      dtos.map((dto, i) => this.workflowInput(actor, dto, leadUnits[i])),
    );
    await this.claimCodes(actor.unitId, inputs, (i) => `tasks.${i}.code`);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(BULK_START_CONCURRENCY, inputs.length) }, async () => {
        while (next < inputs.length) {
          const input = inputs[next++];
          await this.startStored(input).catch((error) => this.failedStart([input], error));
        }
      }),
    );
    const ids = inputs.map((input) => input.task.id);
    const rows = await this.tasks.find({
      where: { id: In(ids) },
      relations: { leadUnit: true, assigningUnit: true },
    });
    const byId = new Map(rows.map((t) => [t.id, t]));
    return { items: ids.map((id) => this.present(byId.get(id)!)) };
  }

  private startOptions(input: TaskLifecycleInput) {
    return {
      taskQueue: this.temporalSettings.taskQueue,
      workflowId: taskWorkflowId(input.task.id),
      workflowIdConflictPolicy: 'FAIL' as const,
      // A run that failed (its assignment was refused) may be retried; a stored task may not.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' as const,
      args: [input] as [TaskLifecycleInput],
    };
  }

  private async workflowInput(
    actor: Actor,
    dto: CreateTaskDto,
    leadUnit: Unit,
    { parent, planId = null, imported, taskId }: AssignOptions = {},
  ): Promise<TaskLifecycleInput> {
    const now = imported ? new Date(imported.assignedAt) : new Date();
    const dueDate = dto.dueInWorkingDays
      ? (await this.calendar.calendar()).addWorkingDays(vnDateOf(now), dto.dueInWorkingDays)
      : (dto.dueDate ?? null);
    return {
      task: {
        id: taskId ?? (dto.code ? codedTaskId(actor.unitId, dto.code) : crypto.randomUUID()),
        code: dto.code ?? null,
        title: dto.title,
        description: dto.description ?? null,
        source: dto.source,
        sourceDocument: dto.sourceDocument
          ? tryParseDocumentSymbol(dto.sourceDocument)!.canonical
          : null,
        sourceDocumentDate: dto.sourceDocumentDate ?? null,
        assignerId: actor.id,
        assigningUnitId: actor.unitId,
        leadUnitId: leadUnit.id,
        coordinatingUnitIds: dto.coordinatingUnitIds ?? [],
        watcherIds: dto.watcherIds ?? [],
        reviewerIds: [],
        assigneeId: dto.assigneeId ?? null,
        parentTaskId: parent?.id ?? imported?.parentTaskId ?? null,
        planId,
        completedAt: imported?.completedAt ?? null,
        result: imported?.result ?? null,
        priority: dto.priority ?? 'normal',
        area: dto.area ?? null,
        attachments: (dto.attachments ?? []).map(({ name, url }) => ({ name, url })),
        dueDate,
        assignedAt: now.toISOString(),
      },
      settings: this.settings.forTask(dto.reminderDaysBefore),
    };
  }

  /** Checks an assignment without starting anything; returns the lead unit. */
  async validateAssignment(actor: Actor, dto: CreateTaskDto, parent?: Task): Promise<Unit> {
    const leadUnit = await this.units.findOneBy({ id: dto.leadUnitId });
    const details = await this.checkReferences(dto, leadUnit);
    if (details.length > 0) {
      throw badRequest(
        'VALIDATION_FAILED',
        `Invalid input: ${details.map((d) => d.field).join(', ')}`,
        details,
      );
    }
    const scopePath = parent ? parent.leadUnit!.path : null;
    if (
      scopePath ? !leadUnit!.path.startsWith(scopePath) : !canSeeUnitPath(actor, leadUnit!.path)
    ) {
      throw forbidden('OUTSIDE_SCOPE', 'You may only assign tasks to units in your own scope');
    }
    if (
      dto.code &&
      (await this.tasks.existsBy({ assigningUnitId: actor.unitId, code: dto.code }))
    ) {
      throw conflict('TASK_CODE_TAKEN', `Your unit already has a task with code ${dto.code}`);
    }
    return leadUnit!;
  }

  /** A sub-task of `parentId`, assigned by the parent's lead unit to a unit of its subtree. */
  async split(actor: Actor, parentId: string, dto: CreateTaskDto) {
    const parent = await this.loadVisible(actor, parentId);
    if (!maySplit(actor, await this.scopeOf(parent))) {
      throw forbidden('ACTION_NOT_ALLOWED', "Only the lead unit's managers split a task");
    }
    if (isTerminal(parent.status)) {
      throw conflict('TASK_CLOSED', 'A completed or cancelled task cannot be split');
    }
    return this.assign(actor, dto, { parent });
  }

  async get(actor: Actor, id: string) {
    const task = await this.loadVisible(actor, id);
    return this.withState(actor, task, (await this.workflowState(task)).state);
  }

  async history(actor: Actor, id: string): Promise<TaskEvent[]> {
    await this.loadVisible(actor, id);
    return this.events.find({ where: { taskId: id }, order: { seq: 'ASC' } });
  }

  /**
   * One page: a keyset query over an index whose order is the sort (ids and sort keys only),
   * then the page's rows with their unit briefs (docs/decisions/0012-list-indexes.md).
   */
  async list(actor: Actor, filter: ListTasksDto) {
    const { where, filters, arms, params, param } = await this.filterSql(actor, filter);
    const limit = param(filter.limit + 1);
    const [key, id] = filter.cursor ? decodeCursor(filter.cursor) : [null, null];
    // The undated segment's cursor compares ids only: its key is not bound (an unused
    // parameter has no type).
    const after = key
      ? { key: key === NO_DUE_DATE ? '' : param(key), id: `${param(id)}::uuid` }
      : null;
    const byDue = filter.sort === 'dueDate';
    // `fenced`: plan the matching rows first (OFFSET 0 keeps ORDER BY … LIMIT out of the
    // subquery), then keep the first ones; see keysQuery.
    const keysOf = (cond: string, fenced: boolean) =>
      keysQuery(cond, { byDue, after, limit, fenced, noDue: key === NO_DUE_DATE });
    // A department's caller: its own subtree's rows (lead arm) and the rows it sees for another
    // reason, each in key order, merged (UNION drops a row both arms hold).
    const sql = !arms.wide
      ? `SELECT id, key FROM ((${keysOf(`${arms.lead} AND ${filters}`, true)})
           UNION (${keysOf(`${arms.others} AND ${filters}`, true)})) s
         ORDER BY key ${byDue ? '' : 'DESC'}, id ${byDue ? '' : 'DESC'} LIMIT ${limit}`
      : keysOf(where, false);
    const keys: { id: string; key: string }[] = await this.tasks.query(sql, params);
    const page = keys.slice(0, filter.limit);
    const rows = page.length
      ? await this.tasks.find({
          where: { id: In(page.map((r) => r.id)) },
          relations: { leadUnit: true, assigningUnit: true },
        })
      : [];
    const byId = new Map(rows.map((t) => [t.id, t]));
    const last = page[page.length - 1];
    return {
      items: page.flatMap((r) => {
        const task = byId.get(r.id);
        return task ? [this.present(task)] : [];
      }),
      nextCursor: keys.length > filter.limit && last ? encodeCursor(last.key, last.id) : null,
    };
  }

  /**
   * The rows `list` pages through, whole: its WHERE clause on `tasks t` (parameters numbered from
   * `offset + 1`) and its order, for the spreadsheet export.
   */
  async selection(actor: Actor, filter: TaskSelectionDto, offset = 0) {
    const { where, params } = await this.filterSql(actor, filter, undefined, offset);
    // The list's key orders: dated rows by (due_date, id) then undated ones by id (NULLs last).
    const orderBy =
      filter.sort === 'dueDate' ? 't.due_date, t.id' : 't.assigned_at DESC, t.id DESC';
    return { where, params, orderBy };
  }

  /**
   * Dashboard: counts by status and by timeliness class under the same filters. Unfiltered (or
   * filtered by unit only) they come from the per-unit totals; otherwise the rows are counted.
   * `today` is the day the timeliness classes are taken at (tests pass another one).
   */
  async counts(actor: Actor, filter: TaskFilterDto, today = vnDateOf(new Date())) {
    const filtered = Object.entries(filter).some(([k, v]) => k !== 'unitId' && v !== undefined);
    const rows =
      (!filtered && (await this.countsFromTotals(actor, filter.unitId, today))) ||
      (await this.countRows(actor, filter, today));
    const byStatus: Record<string, number> = {};
    const byTimeliness: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
      if (r.status !== 'cancelled')
        byTimeliness[r.timeliness] = (byTimeliness[r.timeliness] ?? 0) + r.n;
      total += r.n;
    }
    for (const [k, v] of Object.entries(byStatus)) if (!v) delete byStatus[k];
    for (const [k, v] of Object.entries(byTimeliness)) if (!v) delete byTimeliness[k];
    return { total, byStatus, byTimeliness };
  }

  private async countRows(actor: Actor, filter: TaskFilterDto, today: string) {
    const { where, params, param } = await this.filterSql(actor, filter, today);
    const rows: CountRow[] = await this.tasks.query(
      `SELECT t.status, ${timelinessSql('t', `${param(today)}::date`)} AS timeliness,
              count(*)::int AS n
       FROM tasks t WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    return rows;
  }

  /**
   * The counts from `task_counts` and the changes not yet folded into it (per lead unit, status
   * and time-independent class) for the tasks whose lead unit lies both in the caller's scope and
   * under `unitId`, in one snapshot: the `open` class splits into in progress (the open tasks not
   * yet due, counted on `tasks_pending_due_idx`) and overdue (the rest). Tasks the caller sees
   * through the other arm of the visibility rule while their lead unit is outside the scope are
   * counted row by row (lead paths outside the scope are two ranges of `tasks_lead_path_idx`,
   * empty for the root's scope unless legacy data holds a second root). Null when a completion is
   * dated after `today` (the totals cannot place it): the caller counts the rows then.
   */
  private async countsFromTotals(actor: Actor, unitId: string | undefined, today: string) {
    const scope = scopePath(actor);
    let unitPath = scope;
    if (unitId) {
      const [unit]: { path: string }[] = await this.tasks.query(
        'SELECT path FROM units WHERE id = $1',
        [unitId],
      );
      if (!unit) return null;
      unitPath = unit.path;
    }
    // Lead units both in the scope and under the unit: the deeper subtree if one holds the other.
    const both = unitPath.startsWith(scope) ? unitPath : scope.startsWith(unitPath) ? scope : null;
    const params: unknown[] = [`${both ?? unitPath}%`, today];
    const totals = `
      WITH lead AS (SELECT su.id FROM units su WHERE su.path LIKE $1 AND ${both ? 'true' : 'false'}),
      agg AS (
        SELECT c.status, c.class, sum(c.n)::int AS n, bool_or(c.max_completed_on > $2::date) AS late
        FROM (SELECT lead_unit_id, status, class, n, max_completed_on FROM task_counts
              UNION ALL
              SELECT lead_unit_id, status, class, n, max_completed_on FROM task_count_changes) c
        WHERE c.lead_unit_id IN (SELECT id FROM lead) GROUP BY 1, 2),
      pending AS (
        SELECT t.status, count(*)::int AS n FROM tasks t
        WHERE t.completed_on IS NULL AND t.status <> 'cancelled' AND t.due_date IS NOT NULL
          AND t.due_date >= $2::date AND t.lead_unit_id IN (SELECT id FROM lead)
        GROUP BY 1)
      SELECT a.status, CASE WHEN a.class <> 'open' THEN a.class WHEN s.pending THEN 'in_progress'
                            ELSE 'overdue' END AS timeliness,
             CASE WHEN a.class <> 'open' OR a.status = 'cancelled' THEN a.n
                  WHEN s.pending THEN coalesce(p.n, 0) ELSE a.n - coalesce(p.n, 0) END AS n,
             a.late
      FROM agg a CROSS JOIN (VALUES (true), (false)) s (pending)
        LEFT JOIN pending p ON p.status = a.status
      WHERE NOT s.pending OR (a.class = 'open' AND a.status <> 'cancelled')`;
    // The other arms: visible, lead unit under `unitId` when given, but outside the scope.
    const {
      filters,
      arms,
      params: more,
    } = await this.filterSql(actor, { unitId }, today, params.length);
    params.push(...more);
    const sql = `${totals}
        UNION ALL
        SELECT t.status, ${timelinessSql('t', '$2::date')}, count(*)::int, false
        FROM tasks t WHERE ${arms.outside} AND ${arms.others} AND ${filters}
        GROUP BY 1, 2`;
    const rows: (CountRow & { late: boolean })[] = await this.tasks.query(sql, params);
    return rows.some((r) => r.late) ? null : rows;
  }

  /** Runs one lifecycle action through the workflow; the row is updated when this returns. */
  async perform<T extends TaskActionType>(
    actor: Actor,
    id: string,
    action: T,
    payload: ActionPayload<T>,
  ) {
    const task = await this.loadVisible(actor, id);
    if (!mayPerform(actor, action, await this.scopeOf(task))) {
      throw forbidden('ACTION_NOT_ALLOWED', `You may not ${action} this task`);
    }
    if (action === 'reassign')
      await this.checkReassignTarget(
        actor,
        (payload as unknown as { leadUnitId: string }).leadUnitId,
      );
    // A finished task's workflow has closed: answer from the projection with the workflow's codes.
    if (isTerminal(task.status)) throw closedTaskConflict(task.status, action);
    const update = taskUpdates[action] as typeof taskUpdates.accept;
    try {
      const state = await this.temporal.workflow
        .getHandle(task.workflowId)
        .executeUpdate(update, { args: [{ ...payload, actorId: actor.id }] });
      return this.withState(actor, await this.loadVisible(actor, id), state);
    } catch (error) {
      if (isWorkflowRejection(error)) throw error;
      // The workflow closed while this update waited its turn (a parallel approve or cancel):
      // answer as if the task had been closed before, never with Temporal's own codes.
      const now = await this.tasks.findOneBy({ id });
      if (now && isTerminal(now.status)) throw closedTaskConflict(now.status, action);
      if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
        throw conflict('TASK_BUSY', 'The task changed while this action waited; try again');
      }
      throw error;
    }
  }

  /**
   * The detail answer (GET /tasks/:id, every action's): the row, the workflow's state, what the
   * caller may do now, the people's names and the last submitted result.
   */
  private async withState(actor: Actor, task: Task, state: TaskState | null) {
    const [scope, people, lastResult] = await Promise.all([
      this.scopeOf(task),
      this.peopleOf(task),
      this.lastResultOf(task.id),
    ]);
    return {
      ...this.present(task),
      workflow: { workflowId: task.workflowId, state },
      // The workflow's own state when it answers; the projection (same fields) when it is closed.
      allowedActions: allowedTaskActions(
        actor,
        scope,
        state ?? stateOfRow(task),
        this.transitionContext(task),
      ),
      ...people,
      lastResult,
    };
  }

  /** The workflow's transition context: today on the task's clock, the configured rules. */
  private transitionContext(task: Task): TransitionContext {
    const settings = this.settings.forTask([]);
    const clock = {
      dayMs: settings.dayMs || REAL_DAY_MS,
      originMs: task.assignedAt.getTime(),
      originDate: vnDate(task.assignedAt.getTime()),
    };
    return { today: dateAt(clock, Date.now()), rules: settings.rules };
  }

  private async peopleOf(task: Task) {
    const ids = [task.assignerId, task.assigneeId].filter((id): id is string => !!id);
    const users = await this.users.find({
      where: { id: In(ids) },
      select: { id: true, fullName: true },
    });
    const brief = (id: string | null) => {
      const user = id ? users.find((u) => u.id === id) : undefined;
      return user ? { id: user.id, fullName: user.fullName } : null;
    };
    return {
      assigner: brief(task.assignerId) ?? { id: task.assignerId, fullName: '' },
      assignee: brief(task.assigneeId),
    };
  }

  /** The latest submitted result: a submitResult event, a fulfilment, or an imported result. */
  private async lastResultOf(taskId: string) {
    const [row]: {
      seq: number;
      action: string;
      actorId: string | null;
      data: Record<string, unknown>;
      occurredAt: Date;
    }[] = await this.events.query(
      `SELECT seq, action, actor_id AS "actorId", data, occurred_at AS "occurredAt"
       FROM task_events
       WHERE task_id = $1 AND (action IN ('submitResult', 'fulfil')
         OR (action = 'assign' AND data ? 'result' AND data->>'result' IS NOT NULL))
       ORDER BY seq DESC LIMIT 1`,
      [taskId],
    );
    if (!row) return null;
    const text = (key: string) => (typeof row.data[key] === 'string' ? row.data[key] : null);
    return {
      result: text(row.action === 'fulfil' ? 'evidence' : 'result') ?? '',
      outputDocument: text('outputDocument'),
      submittedAt: row.occurredAt.toISOString(),
      submittedBy: row.actorId,
      eventSeq: row.seq,
    };
  }

  /** Completes an open task from a fact the system observed (no permission check: internal). */
  async fulfil(taskId: string, actorId: string, evidence: string): Promise<TaskState> {
    const [task] = await this.tasks.query('SELECT workflow_id FROM tasks WHERE id = $1', [taskId]);
    if (!task) throw notFound('Task', taskId);
    return this.temporal.workflow
      .getHandle(task.workflow_id)
      .executeUpdate(taskUpdates.fulfil, { args: [{ actorId, evidence }] });
  }

  /**
   * The list's and the counts' WHERE clause on `tasks t`, with positional parameters (`param`
   * adds one). Subtrees are prefix matches on `t.lead_unit_path` with the prefix bound as a
   * value, so the planner can use the path index; text matches the unaccented title, or code and
   * source document (two trigram indexes).
   */
  private async filterSql(
    actor: Actor,
    f: TaskFilterDto,
    today = vnDateOf(new Date()),
    offset = 0,
  ) {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value) + offset}`;
    const arms = await this.visibilityArms(actor, param);
    const and: string[] = [];
    if (f.unitId) {
      const [unit]: { path: string }[] = await this.tasks.query(
        'SELECT path FROM units WHERE id = $1',
        [f.unitId],
      );
      and.push(unit ? `t.lead_unit_path LIKE ${param(`${unit.path}%`)}` : 'false');
    }
    if (f.myRole) {
      const me = () => `${param(actor.id)}::uuid`;
      const mine = () => param(`${actor.unitPath}%`);
      and.push(
        {
          lead: () => `t.lead_unit_path LIKE ${mine()}`,
          coordinating: () =>
            `EXISTS (SELECT 1 FROM units mu WHERE mu.path LIKE ${mine()} AND mu.id = ANY(t.coordinating_unit_ids))`,
          watcher: () => `${me()} = ANY(t.watcher_ids)`,
          assigner: () => `t.assigner_id = ${me()}`,
          assignee: () => `t.assignee_id = ${me()}`,
          approver: () => approverTaskSql(actor, 't', param),
        }[f.myRole](),
      );
    }
    if (f.status) and.push(`t.status = ${param(f.status)}`);
    if (f.timeliness) {
      and.push(
        `t.status <> 'cancelled' AND ${timelinessSql('t', `${param(today)}::date`)} = ${param(f.timeliness)}`,
      );
    }
    if (f.overdueOnly) {
      and.push(`t.status NOT IN ('completed', 'cancelled') AND t.due_date < ${param(today)}::date`);
    }
    if (f.dueFrom) and.push(`t.due_date >= ${param(f.dueFrom)}::date`);
    if (f.dueTo) and.push(`t.due_date <= ${param(f.dueTo)}::date`);
    if (f.source) and.push(`t.source = ${param(f.source)}`);
    if (f.parentTaskId) and.push(`t.parent_task_id = ${param(f.parentTaskId)}::uuid`);
    if (f.planId) and.push(`t.plan_id = ${param(f.planId)}::uuid`);
    if (f.q) {
      // The title ignoring case and diacritics (`%`, `_`, `\` escaped); code and source document
      // also ignoring punctuation (ref_words and search_key fold every run of characters but
      // letters and digits to one space: "389 kh ubnd" finds "389/KH-UBND"), when `q` holds a
      // letter or digit that folding keeps (else the folded text, empty, would match them all).
      const escaped = f.q.replace(/[\\%_]/g, '\\$&');
      const title = `search_text(t.title) LIKE '%' || search_text(${param(escaped)}) || '%'`;
      and.push(
        /[a-z0-9đ]/i.test(f.q.normalize('NFD'))
          ? `${title} OR t.ref_words LIKE '%' || search_key(${param(f.q)}) || '%'`
          : title,
      );
    }
    const filters = and.length ? and.map((c) => `(${c})`).join(' AND ') : 'true';
    const where = `(${arms.lead} OR ${arms.others}) AND ${filters}`;
    return { where, filters, arms, params, param };
  }

  /**
   * The caller's visibility (canViewTask's rule) as its two arms. `wide` for the root's scope:
   * nearly every task's lead unit lies in it, so the lists test both arms on each row while they
   * walk the sort index (the scope's unit ids stay a subquery). Otherwise the scope's unit ids are
   * bound as values, so the planner estimates each test of the second arm from the statistics.
   */
  private async visibilityArms(actor: Actor, param: (value: unknown) => string) {
    const scope = scopePath(actor);
    const pattern = param(`${scope}%`);
    // Lead paths outside the scope, as two ranges of `tasks_lead_path_idx` (paths hold uuids and
    // slashes: the scope's range ends where its last '/' becomes '0').
    const outside = `(t.lead_unit_path ~<~ left(${pattern}, -1)
      OR t.lead_unit_path ~>=~ (left(${pattern}, -2) || '0'))`;
    if (rootPathOf(scope) === scope) {
      const units = `ARRAY(SELECT su.id FROM units su WHERE su.path LIKE ${pattern})`;
      return { ...visibleTaskArms('t', pattern, units, param(actor.id)), outside, wide: true };
    }
    const units: { id: string }[] = await this.tasks.query(
      'SELECT id FROM units WHERE path LIKE $1',
      [`${scope}%`],
    );
    const ids = `${param(units.map((u) => u.id))}::uuid[]`;
    return { ...visibleTaskArms('t', pattern, ids, param(actor.id)), outside, wide: false };
  }

  private async checkReferences(dto: CreateTaskDto, leadUnit: Unit | null): Promise<ErrorDetail[]> {
    const details: ErrorDetail[] = [];
    if (!leadUnit)
      details.push(field('leadUnitId', 'exists', 'leadUnitId must name an existing unit'));
    const [{ ok }] = await this.tasks.query(
      'SELECT EXISTS (SELECT 1 FROM task_sources WHERE key = $1 AND active) AS ok',
      [dto.source],
    );
    if (!ok) details.push(field('source', 'exists', 'source must be a key of /task-sources'));
    if (dto.sourceDocument && !tryParseDocumentSymbol(dto.sourceDocument)) {
      details.push(
        field(
          'sourceDocument',
          'documentSymbol',
          'sourceDocument must be a số/ký hiệu such as 389/KH-UBND',
        ),
      );
    }
    if (dto.dueDate && dto.dueInWorkingDays) {
      details.push(
        field('dueInWorkingDays', 'exclusive', 'give either dueDate or dueInWorkingDays'),
      );
    }
    const coordinating = dto.coordinatingUnitIds ?? [];
    if (
      coordinating.length &&
      (await this.units.countBy({ id: In(coordinating) })) !== coordinating.length
    ) {
      details.push(field('coordinatingUnitIds', 'exists', 'every coordinating unit must exist'));
    }
    if (leadUnit && coordinating.includes(leadUnit.id)) {
      details.push(field('coordinatingUnitIds', 'notLead', 'the lead unit cannot also coordinate'));
    }
    const watchers = dto.watcherIds ?? [];
    if (watchers.length && (await this.users.countBy({ id: In(watchers) })) !== watchers.length) {
      details.push(field('watcherIds', 'exists', 'every watcher must be an existing user'));
    }
    if (dto.assigneeId && leadUnit) {
      const assignee = await this.users.findOne({
        where: { id: dto.assigneeId },
        relations: { unit: true },
      });
      if (!assignee?.unit?.path.startsWith(leadUnit.path)) {
        details.push(field('assigneeId', 'inLeadUnit', 'the assignee must work in the lead unit'));
      }
    }
    return details;
  }

  private async checkReassignTarget(actor: Actor, unitId: string) {
    const unit = await this.units.findOneBy({ id: unitId });
    if (!unit) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: leadUnitId', [
        field('leadUnitId', 'exists', 'leadUnitId must name an existing unit'),
      ]);
    }
    if (!canSeeUnitPath(actor, unit.path)) {
      throw forbidden('OUTSIDE_SCOPE', 'You may only reassign to units in your own scope');
    }
  }

  /**
   * The task if the actor may open it: 404 for an unknown id, 403 outside the actor's view (the
   * answers of GET /tasks/:id, which files and comments reuse).
   */
  async loadVisible(actor: Actor, id: string): Promise<Task> {
    const task = await this.tasks.findOne({
      where: { id },
      relations: { leadUnit: true, assigningUnit: true },
    });
    if (!task) throw notFound('Task', id);
    if (!canViewTask(actor, await this.scopeOf(task))) {
      throw forbidden('OUTSIDE_SCOPE', 'This task belongs to another unit');
    }
    return task;
  }

  private async scopeOf(task: Task): Promise<TaskScope> {
    const coordinating = task.coordinatingUnitIds.length
      ? await this.units.find({
          where: { id: In(task.coordinatingUnitIds) },
          select: { path: true },
        })
      : [];
    return {
      assignerId: task.assignerId,
      assigneeId: task.assigneeId,
      watcherIds: task.watcherIds,
      reviewerIds: task.reviewerIds,
      assigningUnitPath: task.assigningUnit!.path,
      leadUnitPath: task.leadUnit!.path,
      coordinatingUnitPaths: coordinating.map((u) => u.path),
    };
  }

  private async workflowState(
    task: Task,
  ): Promise<{ workflowId: string; state: TaskState | null }> {
    try {
      const state = await this.temporal.workflow.getHandle(task.workflowId).query(taskStateQuery);
      return { workflowId: task.workflowId, state };
    } catch {
      return { workflowId: task.workflowId, state: null };
    }
  }

  private present(task: Task) {
    const { leadUnit, assigningUnit, ...rest } = task;
    const brief = (u?: Unit) => u && { id: u.id, code: u.code, name: u.name };
    return {
      ...rest,
      leadUnit: brief(leadUnit),
      assigningUnit: brief(assigningUnit),
      timeliness:
        task.status === 'cancelled'
          ? null
          : classifyTimeliness(
              {
                dueDate: task.dueDate,
                completedOn: task.completedAt ? vnDateOf(task.completedAt) : null,
              },
              vnDateOf(new Date()),
            ),
    };
  }
}

/** The state machine's view of a task whose workflow cannot be asked: its projection. */
function stateOfRow(task: Task): TaskState {
  return {
    taskId: task.id,
    status: task.status,
    leadUnitId: task.leadUnitId,
    progressPercent: task.progressPercent,
    dueDate: task.dueDate,
    originalDueDate: task.originalDueDate,
    dueVersion: 0,
    extensionsApproved: task.extensionsApproved,
    pendingExtension: task.pendingExtension,
    explanation: task.explanation,
    submittedAt: task.submittedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    version: task.version,
  };
}

/** The 409 for an action on a completed or cancelled task, with the workflow's own codes. */
function closedTaskConflict(status: TaskState['status'], action: TaskActionType): DomainException {
  try {
    checkTransition({ status } as TaskState, { type: action } as TaskAction, {
      today: vnDateOf(new Date()),
      rules: { maxExtensions: 0, extensionOnlyBeforeDue: true },
    });
  } catch (error) {
    const rejected = error as TransitionRejected;
    return conflict(rejected.code, rejected.message);
  }
  return conflict('TASK_INVALID_TRANSITION', `The task is ${status}`);
}

/** A rejection the workflow itself made (a stable code), as opposed to Temporal's own errors. */
function isWorkflowRejection(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    isProductCode(error.cause.type)
  );
}

/**
 * The keyset query of one set of rows (`cond` on `tasks t`): ids and cursor keys in list order,
 * at most `limit` rows after the cursor. Each segment's ORDER BY is an index's order
 * (`tasks_list_idx`, `tasks_due_all_idx`), so unfenced it can walk that index and stop; fenced,
 * the planner fetches every matching row the cheapest way (a subtree range on
 * `tasks_lead_path_idx`, index-only, or a BitmapAnd with the trigram index) and keeps the first:
 * for a department's subtree, whose rows are a small share of the sort index, that never walks
 * the whole index for a filter that matches few of them (overdue, text).
 */
function keysQuery(
  cond: string,
  o: {
    byDue: boolean;
    after: { key: string; id: string } | null;
    limit: string;
    fenced: boolean;
    noDue: boolean;
  },
): string {
  const ordered = (select: string, where: string, order: string) =>
    o.fenced
      ? `SELECT * FROM (SELECT ${select} FROM tasks t WHERE ${where} OFFSET 0) t
         ORDER BY ${order} LIMIT ${o.limit}`
      : `SELECT ${select} FROM tasks t WHERE ${where} ORDER BY ${order} LIMIT ${o.limit}`;
  if (!o.byDue) {
    const after = o.after
      ? `AND (t.assigned_at, t.id) < (${o.after.key}::timestamptz, ${o.after.id})`
      : '';
    return `SELECT id, to_char(assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key
      FROM (${ordered('t.id, t.assigned_at', `${cond} ${after}`, 't.assigned_at DESC, t.id DESC')}) k`;
  }
  // Two keyset segments, dated rows then undated ones, so that each walks `(due_date, id)` in
  // index order: a COALESCE sort key would not match the index.
  const dated = o.noDue
    ? null
    : ordered(
        't.id, t.due_date, 0 AS seg',
        `${cond} AND t.due_date IS NOT NULL
         ${o.after ? `AND (t.due_date, t.id) > (${o.after.key}::date, ${o.after.id})` : ''}`,
        't.due_date, t.id',
      );
  const undated = ordered(
    't.id, NULL::date AS due_date, 1 AS seg',
    `${cond} AND t.due_date IS NULL ${o.noDue && o.after ? `AND t.id > ${o.after.id}` : ''}`,
    't.id',
  );
  return `SELECT id, coalesce(to_char(due_date, 'YYYY-MM-DD'), '${NO_DUE_DATE}') AS key
    FROM (${dated ? `(${dated}) UNION ALL ` : ''}(${undated})) s
    ORDER BY seg, due_date, id LIMIT ${o.limit}`;
}

interface CountRow {
  status: string;
  timeliness: string;
  n: number;
}

/** The cursor key of a task without a due date (dates stop at 2200-12-31). */
const NO_DUE_DATE = '9999-12-31';

const encodeCursor = (key: string, id: string) => Buffer.from(`${key}|${id}`).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  const [key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!key || !id || Number.isNaN(Date.parse(key)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw badRequest('VALIDATION_FAILED', 'Invalid input: cursor', [
      field('cursor', 'cursor', 'cursor must come from a previous page'),
    ]);
  }
  return [key, id];
}
