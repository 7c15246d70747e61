import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { In, Repository } from 'typeorm';
import { taskStateQuery } from '../../workflows/task/task.messages';
import { Actor, rootPathOf, scopePath } from '../auth/actor';
import { vnDateOf } from '../domain/dates';
import { TaskState } from '../domain/task-state';
import { openOverdueSql, timelinessSql } from '../domain/timeliness.sql';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { TaskDetailService } from './detail/task-detail.service';
import { presentTask } from './detail/task-presenter';
import { ListTasksDto, TaskFilterDto, TaskSelectionDto } from './dto/list-tasks.dto';
import { TaskAccessService } from './task-access.service';
import { decodeCursor, encodeCursor, NO_DUE_DATE } from './task-cursor';
import { TaskEvent } from './task-event.entity';
import { approverTaskSql, visibleTaskArms } from './task-permissions';
import { Task } from './task.entity';

/**
 * Reading tasks: one task's detail and history, and the read model of the lists, the counts and
 * the export (keyset pages over the list indexes, docs/decisions/0012-list-indexes.md).
 */
@Injectable()
export class TaskQueryService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(TaskEvent) private readonly events: Repository<TaskEvent>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: TaskAccessService,
    private readonly detail: TaskDetailService,
  ) {}

  async get(actor: Actor, id: string) {
    const { task, scope } = await this.access.open(actor, id);
    return this.detail.detail(actor, task, scope, await this.workflowState(task));
  }

  async history(actor: Actor, id: string): Promise<TaskEvent[]> {
    await this.access.open(actor, id);
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
        return task ? [presentTask(task)] : [];
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
      and.push(openOverdueSql('t', `${param(today)}::date`));
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

  /** The workflow's state, or null when it cannot be asked (closed, or Temporal unreachable). */
  private async workflowState(task: Task): Promise<TaskState | null> {
    try {
      return await this.temporal.workflow.getHandle(task.workflowId).query(taskStateQuery);
    } catch {
      return null;
    }
  }
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
