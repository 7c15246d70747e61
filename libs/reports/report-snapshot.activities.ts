import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReportSnapshotActivityContract } from '../../workflows/report/report-snapshot.contract';
import type {
  SnapshotRequest,
  SnapshotResult,
} from '../../workflows/report/report-snapshot.messages';
import { NotificationActivities } from '../notifications/notification.activities';
import { headline } from './completion-report';
import { CompletionReportService } from './completion-report.service';
import { displayDate } from '../domain/dates';
import { periodWindow } from '../domain/reporting-period';

/** Publishes a period's snapshots: the province (grouped by unit) and each unit directly below it. */
@Injectable()
export class ReportSnapshotActivities implements ReportSnapshotActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: CompletionReportService,
    private readonly notifications: NotificationActivities,
  ) {}

  async publishSnapshots(request: SnapshotRequest): Promise<SnapshotResult> {
    const window = periodWindow(request.periodType, request.year, request.number);
    const units: { id: string; code: string; name: string; root: boolean }[] = await this.db.query(
      `SELECT id, code, name, parent_id IS NULL AS root FROM units
       WHERE parent_id IS NULL OR parent_id = (SELECT id FROM units WHERE parent_id IS NULL LIMIT 1)
       ORDER BY depth, code`,
    );
    const snapshotIds: string[] = [];
    const emailIds: string[] = [];
    const key = `${request.periodType}:${request.year}:${request.number}`;
    for (const unit of units) {
      const report = await this.reports.report(null, {
        scope: unit.code,
        from: window.from,
        to: window.to,
        groupBy: 'unit',
      });
      const line = headline(unit.name, report.window.totals);
      const [row] = await this.db.query(
        `INSERT INTO report_snapshots (unit_id, period_type, period_year, period_number, date_from,
           date_to, version, report, headline, created_by)
         SELECT $1::uuid, $2::varchar, $3::int, $4::int, $5::date, $6::date, coalesce(max(version), 0) + 1,
           $7::jsonb, $8::text, $9::uuid
         FROM report_snapshots WHERE unit_id = $1 AND period_type = $2 AND period_year = $3
           AND period_number = $4
         RETURNING id, version`,
        [
          unit.id,
          request.periodType,
          request.year,
          request.number,
          window.from,
          window.to,
          report,
          line,
          request.requestedBy,
        ],
      );
      snapshotIds.push(row.id);
      const recipients: { id: string }[] = await this.db.query(
        `SELECT id FROM users WHERE active AND unit_id = $1 AND roles && $2::text[]`,
        [unit.id, unit.root ? ['leader'] : ['unit_manager', 'leader']],
      );
      if (recipients.length === 0) continue;
      const result = await this.notifications.recordNotifications({
        dedupeKey: `snapshot:${key}:${row.version}:${unit.id}`,
        userIds: recipients.map((r) => r.id),
        kind: 'report_snapshot',
        title: `Báo cáo kết quả thực hiện nhiệm vụ ${window.label}`,
        body: `${line}.\nSố liệu tính từ ${displayDate(window.from)} đến ${displayDate(window.to)} (bản số ${row.version}).`,
      });
      emailIds.push(...result.emailIds);
    }
    return { snapshotIds, emailIds };
  }
}
