import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type {
  FindingRecord,
  InspectionActivityContract,
} from '../../workflows/inspection/inspection.contract';
import { roundWorkflowId } from '../../workflows/inspection/inspection.messages';
import { failPermanently } from '../database/permanent-failure';
import { NotificationActivities } from '../notifications/notification.activities';
import { displayDate, vnDateOf } from '../domain/dates';

/** Targets are reminded of their self-report this many days before the inspection. */
const SELF_REPORT_REMINDER_DAYS = 3;

/** The inspection round's side effects; each write is keyed so a retry changes nothing. */
@Injectable()
export class InspectionActivities implements InspectionActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationActivities,
  ) {}

  async recordRoundStatus(roundId: string, status: string, concludedOn?: string): Promise<void> {
    await this.db.query(
      `UPDATE inspection_rounds SET status = $2, concluded_on = coalesce($3::date, concluded_on),
         closed_at = CASE WHEN $2::varchar = 'closed' THEN coalesce(closed_at, now()) END
       WHERE id = $1`,
      [roundId, status, concludedOn ?? null],
    );
    if (status !== 'notified') return;
    const [round] = await this.db.query(
      `SELECT r.title, u.name AS unit, r.notice_document AS notice,
              array_agg(t.unit_id::text || '|' || t.planned_date::text) AS targets
       FROM inspection_rounds r JOIN units u ON u.id = r.inspecting_unit_id
       JOIN inspection_targets t ON t.round_id = r.id WHERE r.id = $1 GROUP BY r.id, u.name`,
      [roundId],
    );
    for (const target of round.targets as string[]) {
      const [unitId, date] = target.split('|');
      const managers: { id: string }[] = await this.db.query(
        `SELECT id FROM users WHERE active AND unit_id = $1 AND 'unit_manager' = ANY(roles)`,
        [unitId],
      );
      await this.notifications.recordNotifications({
        dedupeKey: `inspection:${roundId}:notified`,
        userIds: managers.map((m) => m.id),
        kind: 'inspection_notice',
        title: `Thông báo kiểm tra: ${round.title}`,
        body: [
          `${round.unit} sẽ kiểm tra công tác cải cách hành chính tại đơn vị vào ngày ${displayDate(date)}.`,
          round.notice ? `Văn bản thông báo: ${round.notice}.` : '',
          'Đơn vị gửi báo cáo tự kiểm tra trước ngày kiểm tra.',
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
  }

  async remindSelfReports(roundId: string): Promise<void> {
    const today = vnDateOf(new Date());
    const due: { unitId: string; plannedDate: string; title: string }[] = await this.db.query(
      `SELECT t.unit_id AS "unitId", t.planned_date::text AS "plannedDate", r.title
       FROM inspection_targets t JOIN inspection_rounds r ON r.id = t.round_id
       WHERE t.round_id = $1 AND t.status = 'planned'
         AND t.planned_date BETWEEN $2::date AND $2::date + $3::int`,
      [roundId, today, SELF_REPORT_REMINDER_DAYS],
    );
    for (const target of due) {
      const managers: { id: string }[] = await this.db.query(
        `SELECT id FROM users WHERE active AND unit_id = $1 AND 'unit_manager' = ANY(roles)`,
        [target.unitId],
      );
      await this.notifications.recordNotifications({
        dedupeKey: `inspection:${roundId}:self-report:${target.unitId}:${today}`,
        userIds: managers.map((m) => m.id),
        kind: 'inspection_self_report_reminder',
        title: `Nhắc gửi báo cáo tự kiểm tra: ${target.title}`,
        body: `Đoàn kiểm tra sẽ làm việc tại đơn vị ngày ${displayDate(target.plannedDate)}. Đề nghị đơn vị gửi báo cáo tự kiểm tra trước ngày kiểm tra.`,
      });
    }
  }

  async recordSelfReport(roundId: string, unitId: string, report: string): Promise<void> {
    await failPermanently(`Self-report of round ${roundId}`, () =>
      this.storeSelfReport(roundId, unitId, report),
    );
  }

  private async storeSelfReport(roundId: string, unitId: string, report: string): Promise<void> {
    await this.db.query(
      `UPDATE inspection_targets SET status = 'self_reported', self_report = $3,
         self_reported_at = coalesce(self_reported_at, now())
       WHERE round_id = $1 AND unit_id = $2`,
      [roundId, unitId, report],
    );
  }

  async recordInspection(
    roundId: string,
    unitId: string,
    inspectedOn: string,
    findings: FindingRecord[],
  ): Promise<void> {
    await failPermanently(`Inspection of round ${roundId}`, () =>
      this.db.transaction(async (em) => {
        await em.query(
          `UPDATE inspection_targets SET status = 'inspected', inspected_on = $3
         WHERE round_id = $1 AND unit_id = $2`,
          [roundId, unitId, inspectedOn],
        );
        for (const f of findings) {
          await em.query(
            `INSERT INTO inspection_findings (id, round_id, unit_id, description, area, severity,
             required_action, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
            [
              f.id,
              roundId,
              unitId,
              f.description,
              f.area,
              f.severity,
              f.requiredAction,
              f.createdBy,
            ],
          );
        }
      }),
    );
  }

  async findingDetails(findingIds: string[]): Promise<FindingRecord[]> {
    return this.db.query(
      `SELECT id, unit_id AS "unitId", description, area, severity,
              required_action AS "requiredAction", created_by AS "createdBy"
       FROM inspection_findings WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [findingIds],
    );
  }

  async linkRemediation(links: { findingId: string; taskId: string }[]): Promise<void> {
    for (const l of links) {
      await this.db.query('UPDATE inspection_findings SET task_id = $2 WHERE id = $1', [
        l.findingId,
        l.taskId,
      ]);
    }
  }

  async openRemediation(findingIds: string[]): Promise<string[]> {
    const rows: { taskId: string }[] = await this.db.query(
      `SELECT f.task_id AS "taskId" FROM inspection_findings f LEFT JOIN tasks t ON t.id = f.task_id
       WHERE f.id = ANY($1::uuid[]) AND f.task_id IS NOT NULL
         AND (t.id IS NULL OR t.status NOT IN ('completed', 'cancelled'))`,
      [findingIds],
    );
    return rows.map((r) => r.taskId);
  }

  async moveRoundUnits(
    roundId: string,
    moves: { fromUnitId: string; toUnitId: string }[],
  ): Promise<{ inspectingUnitId: string; findings: Record<string, string> }> {
    // Only what is still to do moves: a retry finds nothing left of the old units.
    return this.db.transaction(async (em) => {
      const findings: Record<string, string> = {};
      for (const { fromUnitId, toUnitId } of moves) {
        await em.query(
          `UPDATE inspection_rounds SET inspecting_unit_id = $3
           WHERE id = $1 AND inspecting_unit_id = $2`,
          [roundId, fromUnitId, toUnitId],
        );
        // Findings whose remediation has ended stay with the unit that had them.
        const [moved]: [{ id: string }[]] = await em.query(
          `UPDATE inspection_findings f SET unit_id = $3
           WHERE f.round_id = $1 AND f.unit_id = $2
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = f.task_id
                             AND t.status IN ('completed', 'cancelled'))
           RETURNING f.id`,
          [roundId, fromUnitId, toUnitId],
        );
        for (const f of moved) findings[f.id] = toUnitId;
        // One target row per unit: a successor already a target keeps its own row.
        await em.query(
          `DELETE FROM inspection_targets o WHERE o.round_id = $1 AND o.unit_id = $2
             AND EXISTS (SELECT 1 FROM inspection_targets s WHERE s.round_id = $1 AND s.unit_id = $3)`,
          [roundId, fromUnitId, toUnitId],
        );
        await em.query(
          `UPDATE inspection_targets SET unit_id = $3 WHERE round_id = $1 AND unit_id = $2`,
          [roundId, fromUnitId, toUnitId],
        );
      }
      const [round] = await em.query(
        `SELECT inspecting_unit_id AS "inspectingUnitId" FROM inspection_rounds WHERE id = $1`,
        [roundId],
      );
      return { inspectingUnitId: round.inspectingUnitId, findings };
    });
  }

  async carryOver(roundId: string, findingIds: string[], _actorId: string): Promise<string> {
    return this.db.transaction(async (em) => {
      const [existing] = await em.query(
        'SELECT id FROM inspection_rounds WHERE carried_from_id = $1',
        [roundId],
      );
      const id: string = existing?.id ?? randomUUID();
      if (!existing) {
        await em.query(
          `INSERT INTO inspection_rounds (id, inspecting_unit_id, title, plan_document, notice_document,
             leader_id, member_ids, areas, remediation_days, status, carried_from_id, workflow_id)
           SELECT $2, inspecting_unit_id, title || ' (tiếp theo)', plan_document, notice_document,
             leader_id, member_ids, areas, remediation_days, 'planned', id, $3
           FROM inspection_rounds WHERE id = $1`,
          [roundId, id, roundWorkflowId(id)],
        );
        await em.query(
          `INSERT INTO inspection_targets (round_id, unit_id, planned_date)
           SELECT DISTINCT $2::uuid, t.unit_id, t.planned_date FROM inspection_targets t
           JOIN inspection_findings f ON f.unit_id = t.unit_id AND f.round_id = t.round_id
           WHERE t.round_id = $1 AND f.id = ANY($3::uuid[])`,
          [roundId, id, findingIds],
        );
      }
      await em.query('UPDATE inspection_findings SET round_id = $2 WHERE id = ANY($1::uuid[])', [
        findingIds,
        id,
      ]);
      return id;
    });
  }
}
