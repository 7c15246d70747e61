import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, canSeeUnitPath } from '../auth/actor';
import { forbidden, notFound } from '../common/domain.exception';
import { reportClassPredicates } from '../domain/timeliness.sql';
import { CCHC_AREAS } from '../tasks/task-options';
import type { LateTask } from './report-xlsx';
import { cellCounts, servedByCells } from './report-cells';
import { reportQuerySeconds, timed } from '../observability/metrics';
import {
  CompletionBlock,
  CompletionCounts,
  CompletionReport,
  GroupBy,
  ReportClass,
  withRates,
} from './completion-report';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { DEADLINE_RULE_TEXT, DeadlineRule } from '../domain/deadline';
import { displayDate } from '../domain/dates';
import { OrganisationMode, OrganisationView, organisationView } from './report-organisation';

export interface CompletionQuery {
  scope: string;
  from: string;
  to: string;
  source?: string;
  area?: string;
  /** Only the tasks of this plan. */
  plan?: string;
  groupBy?: GroupBy;
  /** Which organisation the units are counted by; `asOfPeriod` when not given. */
  organisation?: OrganisationMode;
}

interface ScopeUnit {
  id: string;
  code: string;
  name: string;
  path: string;
}

type Block = 'window' | 'carriedOver';

/**
 * Completion reports as SQL over the task projection: one aggregate per block with
 * GROUPING SETS for the groups and the totals; no task is ever loaded into memory to be counted.
 */
@Injectable()
export class CompletionReportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  private get deadlineRule(): DeadlineRule {
    return this.config.get('DEADLINE_ON_NON_WORKING_DAY');
  }

  async scopeFor(actor: Actor | null, code: string): Promise<ScopeUnit> {
    const [unit] = await this.db.query(`SELECT id, code, name, path FROM units WHERE code = $1`, [
      code,
    ]);
    if (!unit) throw notFound('Unit', code);
    if (actor && !canSeeUnitPath(actor, unit.path)) {
      throw forbidden(
        'OUTSIDE_SCOPE',
        'You may only report on your own unit and the units below it',
      );
    }
    return unit;
  }

  report(actor: Actor | null, q: CompletionQuery): Promise<CompletionReport> {
    return timed(reportQuerySeconds, { report: 'completion' }, () => this.compute(actor, q));
  }

  private async compute(actor: Actor | null, q: CompletionQuery): Promise<CompletionReport> {
    const found = await this.scopeFor(actor, q.scope);
    const view = await this.view(q);
    const scope = await this.scopeIn(view, found);
    const [window, carriedOver] = await Promise.all([
      this.block(scope, q, view, 'window'),
      this.block(scope, q, view, 'carriedOver'),
    ]);
    return {
      scope: { id: scope.id, code: scope.code, name: scope.name },
      from: q.from,
      to: q.to,
      filters: {
        ...(q.source && { source: q.source }),
        ...(q.area && { area: q.area }),
        ...(q.plan && { plan: q.plan }),
      },
      groupBy: q.groupBy ?? null,
      organisation: { mode: view.mode, text: view.text },
      window,
      carriedOver,
      deadlineRule: { rule: this.deadlineRule, text: DEADLINE_RULE_TEXT[this.deadlineRule] },
      generatedAt: new Date().toISOString(),
    };
  }

  /** The tasks behind one number of the report, with their explanations. */
  drillDown(...args: Parameters<CompletionReportService['listClass']>) {
    return timed(reportQuerySeconds, { report: 'drill_down' }, () => this.listClass(...args));
  }

  private async listClass(
    actor: Actor,
    q: CompletionQuery & {
      class: ReportClass;
      group?: string;
      block?: Block;
      limit: number;
      offset: number;
    },
  ) {
    const view = await this.view(q);
    const scope = await this.scopeIn(view, await this.scopeFor(actor, q.scope));
    const { where, params, groupKey } = this.population(
      scope,
      q,
      view,
      q.block ?? 'window',
      true,
      true,
    );
    const cls =
      q.class === 'cancelled'
        ? CLASS_SQL.cancelled
        : `(${CLASS_SQL[q.class]} AND NOT ${CLASS_SQL.cancelled})`;
    params.push(q.group ?? null);
    const groupParam = `$${params.length}`;
    params.push(q.limit, q.offset);
    const rows = await this.db.query(
      `SELECT t.id, t.code, t.title, cu.code AS "leadUnitCode", lu.name AS "leadUnitName",
              t.source, t.area, t.assigned_on::text AS "assignedOn", t.written_due_date::text AS "dueDate",
              t.due_date::text AS "effectiveDueDate",
              t.completed_on::text AS "completedOn", t.status, t.explanation
       FROM tasks t ${view.joins}
       JOIN ${view.units} lu ON lu.id = ${view.unitOf} JOIN units cu ON cu.id = lu.id
       WHERE ${where} AND ${cls} AND (${groupParam}::text IS NULL OR ${groupKey} = ${groupParam})
       ORDER BY t.due_date NULLS LAST, t.assigned_on, t.id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { class: q.class, group: q.group ?? null, block: q.block ?? 'window', items: rows };
  }

  /** Everything an export needs: the report, its late and overdue tasks, and the issuing units. */
  async exportData(actor: Actor, q: CompletionQuery) {
    const report = await this.report(actor, q);
    const list = async (cls: ReportClass): Promise<LateTask[]> =>
      (await this.drillDown(actor, { ...q, class: cls, limit: 1000, offset: 0 })).items;
    const [late, overdue] = await Promise.all([list('completed_late'), list('overdue')]);
    const [names] = await this.db.query(
      `SELECT s.name AS scope, coalesce(p.name, s.name) AS parent,
              (SELECT r.name FROM units r WHERE r.parent_id IS NULL AND s.path LIKE r.path || '%') AS province
       FROM units s LEFT JOIN units p ON p.id = s.parent_id WHERE s.id = $1`,
      [report.scope.id],
    );
    return { report, lists: { late, overdue }, names };
  }

  /** The organisation the report counts by (docs/domain.md §5 "Which organisation"). */
  private view(q: CompletionQuery): Promise<OrganisationView> {
    return organisationView(this.db, q.organisation ?? 'asOfPeriod', q.from, q.to);
  }

  /** The scope as the view sees it: its path and name then. */
  private async scopeIn(view: OrganisationView, scope: ScopeUnit): Promise<ScopeUnit> {
    if (view.units === 'units') return scope;
    const [then] = await this.db.query(`SELECT path, name FROM ${view.units} u WHERE u.id = $2`, [
      view.params[0],
      scope.id,
    ]);
    return { ...scope, path: then.path, name: then.name };
  }

  private async block(
    scope: ScopeUnit,
    q: CompletionQuery,
    view: OrganisationView,
    block: Block,
  ): Promise<CompletionBlock> {
    const grouped = Boolean(q.groupBy);
    const fromCells = view.cellsExact && servedByCells(scope, q);
    const { where, params, groupKey } = this.population(scope, q, view, block, grouped);
    const sums = COUNT_NAMES.map((c) => `sum("${c}")::int AS "${c}"`).join(', ');
    const rows: (Record<string, number> & { key: string | null; grouped: number })[] =
      await this.db.query(
        `WITH counted AS (${fromCells ? cellCounts(block, `$${view.params.length + 1}`) : this.rowCounts(q, view, where, grouped)})
         SELECT ${grouped ? `${groupKey} AS key, GROUPING(${groupKey})` : 'NULL::text AS key, 1'} AS grouped,
                ${sums}
         FROM counted t
         ${q.groupBy === 'unit' ? `JOIN ${view.units} lu ON lu.id = ${view.mapUnit('t.inner_key')}` : ''}
         ${grouped ? `GROUP BY GROUPING SETS ((${groupKey}), ())` : ''}`,
        params,
      );
    const counts = (r: Record<string, number>) =>
      withRates({
        total: Number(r.total),
        completedEarly: Number(r.completedEarly),
        completedOnTime: Number(r.completedOnTime),
        completedLate: Number(r.completedLate),
        overdueIncomplete: Number(r.overdueIncomplete),
        inProgressNotDue: Number(r.inProgressNotDue),
        noDeadline: Number(r.noDeadline),
        cancelled: Number(r.cancelled),
        alreadyDue: Number(r.alreadyDue),
      });
    const totalRow = rows.find((r) => Number(r.grouped) === 1);
    const totals: CompletionCounts = totalRow ? counts(totalRow) : counts({});
    const groupRows = grouped ? rows.filter((r) => Number(r.grouped) === 0) : [];
    const labels = await this.labels(
      q.groupBy,
      scope,
      view,
      groupRows.map((r) => r.key ?? ''),
    );
    return {
      totals,
      groups: groupRows
        .map((r) => ({
          key: r.key ?? '',
          label: labels.get(r.key ?? '') ?? r.key ?? '',
          ...counts(r),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    };
  }

  /**
   * Counts per lead unit (or source, area, plan) from the tasks, on the covering index; only
   * those few rows are then mapped to their group and summed, with the totals, by GROUPING SETS.
   */
  private rowCounts(
    q: CompletionQuery,
    view: OrganisationView,
    where: string,
    grouped: boolean,
  ): string {
    const inner = {
      unit: 't.lead_unit_id',
      source: 't.source',
      area: `COALESCE(t.area, '')`,
      plan: `COALESCE(t.plan_id::text, '')`,
    }[q.groupBy ?? 'unit'];
    return `SELECT ${grouped ? `${inner} AS inner_key,` : ''}
                  count(*) FILTER (WHERE NOT x) AS "total",
                  count(*) FILTER (WHERE NOT x AND ${CLASS_SQL.completed_early}) AS "completedEarly",
                  count(*) FILTER (WHERE NOT x AND ${CLASS_SQL.completed_on_time}) AS "completedOnTime",
                  count(*) FILTER (WHERE NOT x AND ${CLASS_SQL.completed_late}) AS "completedLate",
                  count(*) FILTER (WHERE NOT x AND ${CLASS_SQL.overdue}) AS "overdueIncomplete",
                  count(*) FILTER (WHERE NOT x AND ${CLASS_SQL.in_progress}) AS "inProgressNotDue",
                  count(*) FILTER (WHERE NOT x AND t.due_date IS NULL) AS "noDeadline",
                  count(*) FILTER (WHERE x) AS "cancelled",
                  count(*) FILTER (WHERE NOT x AND t.due_date <= $2::date) AS "alreadyDue"
           FROM (SELECT ${view.unitOf} AS lead_unit_id, t.source, t.area, t.plan_id, t.due_date,
                        t.completed_on, t.cancelled_on,
                        (t.cancelled_on IS NOT NULL AND t.cancelled_on <= $2::date) AS x
                 FROM tasks t ${view.joins} WHERE ${where}) t
           ${grouped ? 'GROUP BY inner_key' : ''}`;
  }

  /** WHERE clause and parameters of a block's population; $1 from, $2 to. */
  private population(
    scope: ScopeUnit,
    q: CompletionQuery,
    view: OrganisationView,
    block: Block,
    withGroupKey: boolean,
    withLeadUnit = false,
  ) {
    const params: unknown[] = [...view.params];
    const where: string[] =
      block === 'window'
        ? ['t.assigned_on BETWEEN $1::date AND $2::date']
        : [
            't.assigned_on < $1::date',
            '(t.completed_on IS NULL OR t.completed_on >= $1::date)',
            '(t.cancelled_on IS NULL OR t.cancelled_on >= $1::date)',
          ];
    // Always the scope's subtree, the root's too: a root's tree is not "everything".
    params.push(`${scope.path}%`);
    where.push(
      `${view.unitOf} IN (SELECT su.id FROM ${view.units} su WHERE su.path LIKE $${params.length})`,
    );
    if (q.source) {
      params.push(q.source);
      where.push(`t.source = $${params.length}`);
    }
    if (q.area) {
      params.push(q.area);
      where.push(`t.area = $${params.length}`);
    }
    if (q.plan) {
      params.push(q.plan);
      where.push(`t.plan_id = $${params.length}::uuid`);
    }
    if (!withGroupKey) return { where: where.join(' AND '), params, groupKey: '' };
    const by = q.groupBy ?? 'unit';
    if (by !== 'unit') {
      // In the block query the first pass already grouped by this key; a drill-down reads it.
      const column = {
        source: 't.source',
        area: `COALESCE(t.area, '')`,
        plan: `COALESCE(t.plan_id::text, '')`,
      }[by];
      return {
        where: where.join(' AND '),
        params,
        groupKey: withLeadUnit ? column : 't.inner_key',
      };
    }
    params.push(scope.path);
    // Units roll up into the scope's direct children; the scope's own tasks form their own group.
    const groupKey = `COALESCE(NULLIF(split_part(substr(lu.path, length($${params.length}) + 1), '/', 1), ''), lu.id::text)`;
    return { where: where.join(' AND '), params, groupKey };
  }

  private async labels(
    groupBy: GroupBy | undefined,
    scope: ScopeUnit,
    view: OrganisationView,
    keys: string[],
  ) {
    const labels = new Map<string, string>();
    if (groupBy === 'unit' && keys.length) {
      // The names the units bore then ($1 the window's start), a dissolved one marked as such.
      const asOf = view.units !== 'units';
      const rows = await this.db.query(
        `SELECT u.id::text, u.name, d.dissolved_on::text AS "dissolvedOn"
         FROM ${view.units} u JOIN units d ON d.id = u.id
         WHERE u.id::text = ANY($${asOf ? 2 : 1})`,
        asOf ? [view.params[0], keys] : [keys],
      );
      for (const r of rows) {
        const until = r.dissolvedOn && ` (thôi hoạt động từ ngày ${displayDate(r.dissolvedOn)})`;
        labels.set(r.id, `${r.name}${until || ''}`);
      }
      if (keys.includes(scope.id)) labels.set(scope.id, scope.name);
    } else if (groupBy === 'source') {
      for (const r of await this.db.query('SELECT key, label FROM task_sources'))
        labels.set(r.key, r.label);
    } else if (groupBy === 'plan') {
      const rows = await this.db.query(
        `SELECT p.id::text AS id, d.symbol FROM plans p JOIN documents d ON d.id = p.document_id
         WHERE p.id::text = ANY($1)`,
        [keys],
      );
      for (const r of rows) labels.set(r.id, `Kế hoạch số ${r.symbol}`);
      labels.set('', 'Giao trực tiếp (ngoài kế hoạch)');
    } else if (groupBy === 'area') {
      for (const [k, v] of Object.entries(CCHC_AREAS)) labels.set(k, v);
      labels.set('', 'Chưa phân lĩnh vực');
    }
    return labels;
  }
}

/** The counts of every block and group, in the report's order. */
export const COUNT_NAMES = [
  'total',
  'completedEarly',
  'completedOnTime',
  'completedLate',
  'overdueIncomplete',
  'inProgressNotDue',
  'noDeadline',
  'cancelled',
  'alreadyDue',
] as const;

/** Each class as a predicate on `t` as of $2 (the report's end): the domain's one rule. */
const CLASS_SQL: Record<ReportClass, string> = reportClassPredicates('t', '$2::date');
