import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, canSeeUnitPath, hasRole, scopePattern } from '../auth/actor';
import { notFound } from '../common/domain.exception';
import { DeadlineService } from '../calendar/deadline.service';
import { vnDateOf } from '../domain/dates';
import { describeRule, nextOccurrence } from '../domain/recurrence';
import { reportClassPredicates, timelinessSql } from '../domain/timeliness.sql';
import type { UnitBriefDto } from '../tasks/dto/task.dto';
import type { OccurrenceListDto, RecurrenceDto } from './dto/recurrence-result.dto';
import { RecurrenceRow, RECURRENCE_COLUMNS } from './recurrence-row';

interface ListedRow extends RecurrenceRow {
  assigningUnit: UnitBriefDto;
  assigningUnitPath: string;
  createdByName: string;
  targetUnits: UnitBriefDto[];
  occurrenceCount: number;
}

/** Most occurrences one list answers (newest first): 5 years of a monthly report to 15 Sở. */
const MAX_OCCURRENCES = 1000;

/**
 * Reads of recurrences (docs/domain.md §8). A recurrence is seen by those whose scope holds its
 * assigning unit (they manage it) or one of its target units (they see their own occurrences).
 */
@Injectable()
export class RecurrenceQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deadlines: DeadlineService,
  ) {}

  private select(where: string, params: unknown[]): Promise<ListedRow[]> {
    return this.db.query(
      `SELECT ${RECURRENCE_COLUMNS}, au.path AS "assigningUnitPath",
              json_build_object('id', au.id, 'code', au.code, 'name', au.name) AS "assigningUnit",
              cu.full_name AS "createdByName",
              (SELECT count(*)::int FROM recurrence_occurrences o WHERE o.recurrence_id = r.id)
                AS "occurrenceCount",
              (SELECT coalesce(json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name)
                                        ORDER BY u.name), '[]')
               FROM units u WHERE u.id = ANY(r.target_unit_ids)) AS "targetUnits"
       FROM recurrences r JOIN units au ON au.id = r.assigning_unit_id
         JOIN users cu ON cu.id = r.created_by
       WHERE ${where}
       ORDER BY r.status = 'ended', r.created_at DESC LIMIT 500`,
      params,
    );
  }

  /** Visible to the actor: the assigning unit or a target unit lies in its scope. */
  private visibleSql(scope: string) {
    return `(au.path LIKE ${scope} OR EXISTS (
      SELECT 1 FROM units u WHERE u.path LIKE ${scope}
        AND (u.id = ANY(r.target_unit_ids)
             OR (u.kind = r.target_unit_kind AND u.path LIKE r.scope_path || '%'))))`;
  }

  async list(actor: Actor): Promise<RecurrenceDto[]> {
    const rows = await this.select(this.visibleSql('$1'), [scopePattern(actor)]);
    const calendar = await this.deadlines.calendar();
    const today = vnDateOf(Date.now());
    return rows.map((row) => this.present(actor, row, today, calendar));
  }

  /** The recurrence if the actor sees it (404 otherwise: its existence is not disclosed). */
  async load(actor: Actor, id: string): Promise<ListedRow> {
    const [row] = await this.select(`r.id = $1 AND ${this.visibleSql('$2')}`, [
      id,
      scopePattern(actor),
    ]);
    if (!row) throw notFound('Recurrence', id);
    return row;
  }

  async get(actor: Actor, id: string): Promise<RecurrenceDto> {
    const row = await this.load(actor, id);
    return this.present(actor, row, vnDateOf(Date.now()), await this.deadlines.calendar());
  }

  /** Leaders and unit managers of the assigning unit's scope (and admins) manage a recurrence. */
  canManage(actor: Actor, row: Pick<ListedRow, 'assigningUnitPath'>): boolean {
    return (
      hasRole(actor, 'leader', 'unit_manager', 'admin') &&
      canSeeUnitPath(actor, row.assigningUnitPath)
    );
  }

  private present(
    actor: Actor,
    row: ListedRow,
    today: string,
    calendar: Awaited<ReturnType<DeadlineService['calendar']>>,
  ): RecurrenceDto {
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      source: row.source,
      sourceDocument: row.sourceDocument,
      rule: row.rule,
      ruleText: describeRule(row.rule),
      leadDays: row.leadDays,
      targetUnits: row.targetUnits,
      targetUnitKind: row.targetUnitKind,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      status: row.status,
      assigningUnit: row.assigningUnit,
      createdByName: row.createdByName,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      nextOccurrence:
        row.status === 'ended' ? null : nextOccurrence(row.rule, row, today, calendar),
      occurrenceCount: row.occurrenceCount,
      canManage: this.canManage(actor, row),
    };
  }

  /**
   * The occurrences (newest period first) with each task's timeliness as of today, and each
   * unit's record over the latest `periods` periods due by today. Those who do not manage the
   * recurrence see their own units' occurrences only.
   */
  async occurrences(actor: Actor, id: string, periods = 4): Promise<OccurrenceListDto> {
    const row = await this.load(actor, id);
    const today = vnDateOf(Date.now());
    const unitScope = canSeeUnitPath(actor, row.assigningUnitPath) ? null : scopePattern(actor);
    const items = await this.db.query(
      `SELECT o.period_key AS "periodKey", o.period_label AS "periodLabel",
              json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
              o.task_id AS "taskId", t.title, o.due_date::text AS "dueDate",
              t.due_date::text AS "effectiveDueDate", t.status,
              t.completed_on::text AS "completedOn",
              CASE WHEN t.id IS NULL OR t.status = 'cancelled' THEN NULL
                   ELSE ${timelinessSql('t', '$2::date')} END AS timeliness
       FROM recurrence_occurrences o JOIN units u ON u.id = o.unit_id
         LEFT JOIN tasks t ON t.id = o.task_id
       WHERE o.recurrence_id = $1 AND ($3::text IS NULL OR u.path LIKE $3)
       ORDER BY o.due_date DESC, u.name, o.unit_id LIMIT ${MAX_OCCURRENCES}`,
      [id, today, unitScope],
    );
    const c = reportClassPredicates('t', '$2::date');
    const units = await this.db.query(
      `WITH latest AS (
         SELECT period_key FROM recurrence_occurrences
         WHERE recurrence_id = $1 AND due_date <= $2::date
         GROUP BY period_key ORDER BY max(due_date) DESC LIMIT $4)
       SELECT json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
              count(*)::int AS periods,
              count(*) FILTER (WHERE NOT ${c.cancelled}
                AND (${c.completed_early} OR ${c.completed_on_time}))::int AS "onTime",
              count(*) FILTER (WHERE NOT ${c.cancelled} AND ${c.completed_late})::int AS late,
              count(*) FILTER (WHERE NOT ${c.cancelled} AND ${c.overdue})::int AS overdue,
              count(*) FILTER (WHERE ${c.cancelled})::int AS cancelled
       FROM recurrence_occurrences o JOIN latest USING (period_key)
         JOIN units u ON u.id = o.unit_id JOIN tasks t ON t.id = o.task_id
       WHERE o.recurrence_id = $1 AND ($3::text IS NULL OR u.path LIKE $3)
       GROUP BY u.id, u.code, u.name
       ORDER BY count(*) FILTER (WHERE NOT ${c.cancelled} AND (${c.completed_late} OR ${c.overdue})) DESC,
                u.name`,
      [id, today, unitScope, periods],
    );
    return { items, units, periods, asOf: today };
  }
}
