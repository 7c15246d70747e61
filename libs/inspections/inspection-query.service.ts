import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { roundStateQuery, RoundState } from '../../workflows/inspection/inspection.messages';
import { Actor, canSeeUnitPath, scopePattern } from '../auth/actor';
import { forbidden, notFound } from '../common/domain.exception';
import { timelinessSql } from '../domain/timeliness.sql';
import { vnDateOf } from '../domain/dates';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

/** What the commands need of a round the caller may open. */
export interface RoundRow {
  id: string;
  leaderId: string;
  memberIds: string[];
  unitPath: string;
  workflowId: string;
  remediationDays: number;
}

/**
 * Who may open a round (as `round` checks): the caller's scope holds the inspecting unit, or the
 * caller is on its team, or the caller's unit (subtree) is one of its targets.
 * $1 scopePattern(actor), $2 the actor's id, $3 the actor's unit path; `r` the round, `u` its unit.
 */
const ROUND_VISIBLE_SQL = `(u.path LIKE $1 OR r.leader_id = $2::uuid OR $2::uuid = ANY(r.member_ids)
  OR EXISTS (SELECT 1 FROM inspection_targets it JOIN units tu ON tu.id = it.unit_id
             WHERE it.round_id = r.id AND tu.path LIKE $3 || '%'))`;

/** Read side of inspection rounds: lists, a round with its findings, summaries. Scope is in SQL. */
@Injectable()
export class InspectionQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** The rounds the caller may open (see `round`): its scope's, its team's and its unit's as target. */
  list(actor: Actor) {
    return this.db.query(
      `SELECT r.id, r.title, r.status, r.plan_document AS "planDocument", u.code AS "unitCode",
              r.concluded_on::text AS "concludedOn", r.created_at AS "createdAt"
       FROM inspection_rounds r JOIN units u ON u.id = r.inspecting_unit_id
       WHERE ${ROUND_VISIBLE_SQL}
       ORDER BY r.created_at DESC`,
      [scopePattern(actor), actor.id, actor.unitPath],
    );
  }

  async get(actor: Actor, id: string) {
    const round = await this.round(actor, id);
    const [row] = await this.db.query(
      `SELECT r.id, r.title, r.status, r.plan_document AS "planDocument",
              r.notice_document AS "noticeDocument", r.leader_id AS "leaderId", r.member_ids AS "memberIds",
              r.areas, r.remediation_days AS "remediationDays", r.concluded_on::text AS "concludedOn",
              r.carried_from_id AS "carriedFromId", r.workflow_id AS "workflowId"
       FROM inspection_rounds r WHERE r.id = $1`,
      [id],
    );
    const targets = await this.db.query(
      `SELECT t.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
              t.planned_date::text AS "plannedDate", t.status, t.self_report AS "selfReport",
              t.inspected_on::text AS "inspectedOn"
       FROM inspection_targets t JOIN units u ON u.id = t.unit_id WHERE t.round_id = $1 ORDER BY u.code`,
      [id],
    );
    const state: RoundState | null = await this.temporal.workflow
      .getHandle(round.workflowId)
      .query(roundStateQuery)
      .catch(() => null);
    return {
      ...row,
      targets,
      findings: await this.findings(actor, { roundId: id }),
      workflow: state,
    };
  }

  /** Findings on units of the caller's scope, and those of the rounds whose team it is on. */
  findings(
    actor: Actor,
    f: { roundId?: string; unitId?: string; severity?: string; open?: boolean },
  ) {
    return this.db.query(
      `SELECT f.id, f.round_id AS "roundId", f.unit_id AS "unitId", u.code AS "unitCode",
              f.description, f.area, f.severity, f.required_action AS "requiredAction",
              f.task_id AS "taskId", t.status AS "remediationStatus", t.due_date::text AS "remediationDue",
              t.completed_on::text AS "remediatedOn",
              CASE WHEN t.id IS NULL THEN NULL ELSE ${timelinessSql('t', '$5::date')} END AS timeliness
       FROM inspection_findings f JOIN units u ON u.id = f.unit_id LEFT JOIN tasks t ON t.id = f.task_id
       WHERE ($1::uuid IS NULL OR f.round_id = $1) AND ($2::uuid IS NULL OR f.unit_id = $2)
         AND ($3::text IS NULL OR f.severity = $3)
         AND ($4::boolean IS NULL OR (coalesce(t.status, '') NOT IN ('completed', 'cancelled')) = $4)
         AND (u.path LIKE $6 OR EXISTS (SELECT 1 FROM inspection_rounds fr WHERE fr.id = f.round_id
                AND (fr.leader_id = $7::uuid OR $7::uuid = ANY(fr.member_ids))))
       ORDER BY f.created_at, f.id`,
      [
        f.roundId ?? null,
        f.unitId ?? null,
        f.severity ?? null,
        f.open ?? null,
        vnDateOf(new Date()),
        scopePattern(actor),
        actor.id,
      ],
    );
  }

  /** "04/07 phòng" inspected; findings by area and severity; remediation on time, late, open. */
  async summary(actor: Actor, id: string) {
    await this.round(actor, id);
    const asOf = vnDateOf(new Date());
    const [targets] = await this.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'inspected')::int AS inspected
       FROM inspection_targets WHERE round_id = $1`,
      [id],
    );
    const [remediation] = await this.db.query(
      `SELECT count(*)::int AS findings,
              count(*) FILTER (WHERE t.status = 'completed' AND t.completed_on <= t.due_date)::int AS "onTime",
              count(*) FILTER (WHERE t.status = 'completed' AND t.completed_on > t.due_date)::int AS late,
              count(*) FILTER (WHERE coalesce(t.status, '') NOT IN ('completed', 'cancelled')
                                 AND t.due_date < $2::date)::int AS "openOverdue",
              count(*) FILTER (WHERE coalesce(t.status, '') NOT IN ('completed', 'cancelled')
                                 AND (t.due_date IS NULL OR t.due_date >= $2::date))::int AS "openInTime"
       FROM inspection_findings f LEFT JOIN tasks t ON t.id = f.task_id WHERE f.round_id = $1`,
      [id, asOf],
    );
    const breakdown = (column: 'area' | 'severity') =>
      this.db.query(
        `SELECT coalesce(${column}, '') AS key, count(*)::int AS n FROM inspection_findings
         WHERE round_id = $1 GROUP BY 1 ORDER BY 1`,
        [id],
      );
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      targets: { ...targets, label: `${pad(targets.inspected)}/${pad(targets.total)}` },
      remediation,
      byArea: await breakdown('area'),
      bySeverity: await breakdown('severity'),
    };
  }

  /** Rounds concluded within [from, to] in the caller's scope, summed like a round's summary. */
  async periodSummary(actor: Actor, from: string, to: string) {
    const asOf = vnDateOf(new Date());
    const [row] = await this.db.query(
      `WITH r AS (
         SELECT r.id FROM inspection_rounds r JOIN units u ON u.id = r.inspecting_unit_id
         WHERE r.concluded_on BETWEEN $1::date AND $2::date AND u.path LIKE $3)
       SELECT (SELECT count(*)::int FROM r) AS rounds,
              (SELECT count(*)::int FROM inspection_targets WHERE round_id IN (SELECT id FROM r)) AS targets,
              (SELECT count(*)::int FROM inspection_targets WHERE round_id IN (SELECT id FROM r)
                 AND status = 'inspected') AS inspected,
              count(f.id)::int AS findings,
              count(*) FILTER (WHERE t.status = 'completed' AND t.completed_on <= t.due_date)::int AS "onTime",
              count(*) FILTER (WHERE t.status = 'completed' AND t.completed_on > t.due_date)::int AS late,
              count(*) FILTER (WHERE f.id IS NOT NULL AND coalesce(t.status, '') NOT IN ('completed', 'cancelled')
                                 AND t.due_date < $4::date)::int AS "openOverdue"
       FROM inspection_findings f LEFT JOIN tasks t ON t.id = f.task_id
       WHERE f.round_id IN (SELECT id FROM r)`,
      [from, to, scopePattern(actor), asOf],
    );
    return { from, to, ...row };
  }

  /** The round if the caller may open it (see ROUND_VISIBLE_SQL); 404 or 403 otherwise. */
  async round(actor: Actor, id: string): Promise<RoundRow> {
    const [round] = await this.db.query(
      `SELECT r.id, r.leader_id AS "leaderId", r.member_ids AS "memberIds", u.path AS "unitPath",
              r.workflow_id AS "workflowId", r.remediation_days AS "remediationDays",
              EXISTS (SELECT 1 FROM inspection_targets t JOIN units tu ON tu.id = t.unit_id
                      WHERE t.round_id = r.id AND tu.path LIKE $2 || '%') AS "isTarget"
       FROM inspection_rounds r JOIN units u ON u.id = r.inspecting_unit_id WHERE r.id = $1`,
      [id, actor.unitPath],
    );
    if (!round) throw notFound('Inspection round', id);
    const team = [round.leaderId, ...round.memberIds].includes(actor.id);
    if (!team && !round.isTarget && !canSeeUnitPath(actor, round.unitPath)) {
      throw forbidden('OUTSIDE_SCOPE', 'This inspection round belongs to another unit');
    }
    return round;
  }
}
