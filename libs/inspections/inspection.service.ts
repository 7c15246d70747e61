import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { inspectionRound } from '../../workflows/inspection/inspection-round.workflow';
import {
  RoundState,
  roundUpdates,
  roundWorkflowId,
} from '../../workflows/inspection/inspection.messages';
import { Actor, canSeeUnitPath, hasRole, rootPathOf } from '../auth/actor';
import { CalendarService } from '../calendar/calendar.service';
import type { Environment } from '../config/environment';
import { fieldError, forbidden, validationFailed } from '../common/domain.exception';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { workflowSummary } from '../../workflows/task/task.search-attributes';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import {
  CloseRoundDto,
  ConcludeDto,
  CreateInspectionDto,
  RecordInspectionDto,
  SelfReportDto,
} from './dto/inspection.dto';
import { InspectionQueryService, RoundRow } from './inspection-query.service';

/** Commands on inspection rounds: each becomes an update of the round's workflow (reads: InspectionQueryService). */
@Injectable()
export class InspectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly taskSettings: TaskSettingsService,
    private readonly calendar: CalendarService,
    private readonly config: ConfigService<Environment, true>,
    private readonly queries: InspectionQueryService,
  ) {}

  /** Registers the round and starts its workflow, in one transaction. */
  async create(actor: Actor, dto: CreateInspectionDto) {
    const leaderId = dto.leaderId ?? actor.id;
    const units: { id: string; path: string }[] = await this.db.query(
      'SELECT id, path FROM units WHERE id = ANY($1::uuid[])',
      [dto.targets.map((t) => t.unitId)],
    );
    if (units.length !== new Set(dto.targets.map((t) => t.unitId)).size) {
      throw validationFailed(
        fieldError('targets', 'exists', 'every target must be an existing unit'),
      );
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
      throw validationFailed(
        fieldError(
          'memberIds',
          'exists',
          'the leader and every member must be users of this province',
        ),
      );
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
        staticSummary: workflowSummary(dto.title),
        args: [
          {
            roundId: id,
            title: dto.title,
            inspectingUnitId: actor.unitId,
            leaderId,
            teamIds: [...new Set(people)],
            targets: dto.targets.map((t) => ({ unitId: t.unitId, plannedDate: t.plannedDate })),
            carriedFindings: [],
            taskSettings: await this.taskSettings.current(),
            followUpEveryMs: this.config.get('TASK_DAY_LENGTH_MS'),
          },
        ],
      });
    });
    return this.queries.get(actor, id);
  }

  async notify(actor: Actor, id: string) {
    const round = await this.asLeader(actor, id);
    return this.update(round, roundUpdates.notify, { actorId: actor.id });
  }

  async selfReport(actor: Actor, id: string, dto: SelfReportDto) {
    const round = await this.queries.round(actor, id);
    await this.requireTargetStaff(actor, dto.unitId);
    return this.update(round, roundUpdates.recordSelfReport, { actorId: actor.id, ...dto });
  }

  async recordInspection(actor: Actor, id: string, dto: RecordInspectionDto) {
    const round = await this.queries.round(actor, id);
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

  private async asLeader(actor: Actor, id: string): Promise<RoundRow> {
    const round = await this.queries.round(actor, id);
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
