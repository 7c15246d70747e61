import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { inspectionRound } from '../../workflows/inspection/inspection-round.workflow';
import {
  roundStateQuery,
  RoundState,
  roundUpdates,
  roundWorkflowId,
} from '../../workflows/inspection/inspection.messages';
import { Actor, canSeeUnitPath, hasRole, rootPathOf, scopePattern } from '../auth/actor';
import { CalendarService } from '../calendar/calendar.service';
import type { Environment } from '../config/environment';
import { badRequest, forbidden, notFound } from '../common/domain.exception';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { timelinessSql } from '../tasks/task-timeliness.sql';
import { vnDateOf } from '../tasks/domain/timeliness';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import {
  CloseRoundDto,
  ConcludeDto,
  CreateInspectionDto,
  RecordInspectionDto,
  SelfReportDto,
} from './dto/inspection.dto';

interface RoundRow {
  id: string;
  leaderId: string;
  memberIds: string[];
  unitPath: string;
  workflowId: string;
  remediationDays: number;
}

/**
 * Who may open a round (as `load` checks): the caller's scope holds the inspecting unit, or the
 * caller is on its team, or the caller's unit (subtree) is one of its targets.
 * $1 scopePattern(actor), $2 the actor's id, $3 the actor's unit path; `r` the round, `u` its unit.
 */
const ROUND_VISIBLE_SQL = `(u.path LIKE $1 OR r.leader_id = $2::uuid OR $2::uuid = ANY(r.member_ids)
  OR EXISTS (SELECT 1 FROM inspection_targets it JOIN units tu ON tu.id = it.unit_id
             WHERE it.round_id = r.id AND tu.path LIKE $3 || '%'))`;

@Injectable()
export class InspectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly taskSettings: TaskSettingsService,
    private readonly calendar: CalendarService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Registers the round and starts its workflow, in one transaction. */
  async create(actor: Actor, dto: CreateInspectionDto) {
    const leaderId = dto.leaderId ?? actor.id;
    const units: { id: string; path: string }[] = await this.db.query(
      'SELECT id, path FROM units WHERE id = ANY($1::uuid[])',
      [dto.targets.map((t) => t.unitId)],
    );
    if (units.length !== new Set(dto.targets.map((t) => t.unitId)).size) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: targets', [
        { field: 'targets', rule: 'exists', message: 'every target must be an existing unit' },
      ]);
    }
    // A unit inspects its own subtree; a provincial delegation may inspect any unit.
    if (units.some((u) => !canSeeUnitPath(actor, u.path))) {
      throw forbidden('OUTSIDE_SCOPE', 'Targets must be units under the inspecting unit');
    }
    const people = [leaderId, ...dto.memberIds];
    // The team comes from the inspecting unit's own province (a team member sees the round).
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM users u JOIN units un ON un.id = u.unit_id
       WHERE u.id = ANY($1::uuid[]) AND un.path LIKE $2 || '%'`,
      [people, rootPathOf(actor.unitPath)],
    );
    if (n !== new Set(people).size) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: memberIds', [
        {
          field: 'memberIds',
          rule: 'exists',
          message: 'the leader and every member must be users of this province',
        },
      ]);
    }
    const id = randomUUID();
    const remediationDays = dto.remediationDays ?? this.config.get('INSPECTION_REMEDIATION_DAYS');
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO inspection_rounds (id, inspecting_unit_id, title, plan_document, notice_document,
           leader_id, member_ids, areas, remediation_days, status, workflow_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'planned', $10)`,
        [
          id,
          actor.unitId,
          dto.title,
          dto.planDocument ?? null,
          dto.noticeDocument ?? null,
          leaderId,
          dto.memberIds,
          dto.areas ?? [],
          remediationDays,
          roundWorkflowId(id),
        ],
      );
      for (const t of dto.targets) {
        await em.query(
          'INSERT INTO inspection_targets (round_id, unit_id, planned_date) VALUES ($1, $2, $3)',
          [id, t.unitId, t.plannedDate],
        );
      }
      await this.temporal.workflow.start<typeof inspectionRound>('inspectionRound', {
        taskQueue: this.temporalSettings.taskQueue,
        workflowId: roundWorkflowId(id),
        args: [
          {
            roundId: id,
            title: dto.title,
            inspectingUnitId: actor.unitId,
            leaderId,
            teamIds: [...new Set(people)],
            targets: dto.targets.map((t) => ({ unitId: t.unitId, plannedDate: t.plannedDate })),
            carriedFindings: [],
            taskSettings: this.taskSettings.forTask(),
            followUpEveryMs: this.config.get('TASK_DAY_LENGTH_MS'),
          },
        ],
      });
    });
    return this.get(actor, id);
  }

  /** The rounds the caller may open (see `load`): its scope's, its team's and its unit's as target. */
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
    const round = await this.load(actor, id);
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
  async findings(
    actor: Actor,
    f: { roundId?: string; unitId?: string; severity?: string; open?: boolean },
  ) {
    const rows = await this.db.query(
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
    return rows;
  }

  /** "04/07 phòng" inspected; findings by area and severity; remediation on time, late, open. */
  async summary(actor: Actor, id: string) {
    await this.load(actor, id);
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

  async notify(actor: Actor, id: string) {
    const round = await this.asLeader(actor, id);
    return this.update(round, roundUpdates.notify, { actorId: actor.id });
  }

  async selfReport(actor: Actor, id: string, dto: SelfReportDto) {
    const round = await this.load(actor, id);
    await this.requireTargetStaff(actor, dto.unitId);
    return this.update(round, roundUpdates.recordSelfReport, { actorId: actor.id, ...dto });
  }

  async recordInspection(actor: Actor, id: string, dto: RecordInspectionDto) {
    const round = await this.load(actor, id);
    if (![round.leaderId, ...round.memberIds].includes(actor.id)) {
      throw forbidden('NOT_IN_TEAM', 'Only the inspection team records findings');
    }
    return this.update(round, roundUpdates.recordInspection, {
      actorId: actor.id,
      unitId: dto.unitId,
      inspectedOn: dto.inspectedOn,
      findings: dto.findings.map((f) => ({
        id: randomUUID(),
        unitId: dto.unitId,
        description: f.description,
        area: f.area ?? null,
        severity: f.severity,
        requiredAction: f.requiredAction,
        createdBy: actor.id,
      })),
    });
  }

  async conclude(actor: Actor, id: string, dto: ConcludeDto) {
    const round = await this.asLeader(actor, id);
    const remediationDue = (await this.calendar.calendar()).addDaysCivil(
      dto.concludedOn,
      round.remediationDays,
    );
    return this.update(round, roundUpdates.conclude, { actorId: actor.id, ...dto, remediationDue });
  }

  async close(actor: Actor, id: string, dto: CloseRoundDto) {
    const round = await this.asLeader(actor, id);
    return this.update(round, roundUpdates.close, { actorId: actor.id, carryOver: dto.carryOver });
  }

  private async update<A>(round: RoundRow, def: { name: string }, arg: A) {
    return this.temporal.workflow
      .getHandle(round.workflowId)
      .executeUpdate<RoundState, [A]>(def.name, { args: [arg] });
  }

  private async load(actor: Actor, id: string): Promise<RoundRow> {
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

  private async asLeader(actor: Actor, id: string): Promise<RoundRow> {
    const round = await this.load(actor, id);
    if (round.leaderId !== actor.id) {
      throw forbidden('NOT_ROUND_LEADER', 'Only the team leader notifies, concludes or closes');
    }
    return round;
  }

  private async requireTargetStaff(actor: Actor, unitId: string) {
    const [unit] = await this.db.query('SELECT path FROM units WHERE id = $1', [unitId]);
    if (
      !unit ||
      !unit.path.startsWith(actor.unitPath) ||
      !hasRole(actor, 'unit_manager', 'specialist')
    ) {
      throw forbidden('NOT_TARGET_UNIT', 'Only the inspected unit reports for itself');
    }
  }
}
