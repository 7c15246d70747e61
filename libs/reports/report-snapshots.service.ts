import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { publishReportSnapshots } from '../../workflows/report/report-snapshot.workflow';
import { Actor, scopePattern } from '../auth/actor';
import { forbidden, notFound } from '../common/domain.exception';
import type { PeriodType, PeriodWindow } from '../domain/reporting-period';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';

/** Published report snapshots: publishing a period's versions now, and reading them in scope. */
@Injectable()
export class ReportSnapshotsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
  ) {}

  /** Runs the publishing workflow for the period; returns the new versions in the caller's scope. */
  async publish(actor: Actor, periodType: PeriodType, window: PeriodWindow) {
    const result = await this.temporal.workflow.execute<typeof publishReportSnapshots>(
      'publishReportSnapshots',
      {
        taskQueue: this.settings.taskQueue,
        workflowId: `report-snapshots-${window.type}-${window.year}-${window.number}-${Date.now()}`,
        args: [
          {
            periodType,
            year: window.year,
            number: window.number,
            requestedBy: actor.id,
          },
        ],
      },
    );
    return this.db.query(
      `SELECT s.id, u.code AS "unitCode", s.period_type AS "periodType", s.period_year AS "year",
              s.period_number AS "number", s.version, s.headline
       FROM report_snapshots s JOIN units u ON u.id = s.unit_id
       WHERE s.id = ANY($1::uuid[]) AND u.path LIKE $2
       ORDER BY u.depth, u.code`,
      [result.snapshotIds, scopePattern(actor)],
    );
  }

  /** Every version of every snapshot in the caller's scope, newest period first. */
  list(actor: Actor) {
    return this.db.query(
      `SELECT s.id, u.code AS "unitCode", u.name AS "unitName", s.period_type AS "periodType",
              s.period_year AS "year", s.period_number AS "number", s.date_from::text AS "from",
              s.date_to::text AS "to", s.version, s.headline, s.created_at AS "createdAt"
       FROM report_snapshots s JOIN units u ON u.id = s.unit_id
       WHERE u.path LIKE $1
       ORDER BY s.date_to DESC, u.depth, u.code, s.version DESC`,
      [scopePattern(actor)],
    );
  }

  /** One snapshot with its report; 404 if there is none, 403 if it is another unit's. */
  async get(actor: Actor, id: string) {
    const [row] = await this.db.query(
      `SELECT s.id, u.code AS "unitCode", s.period_type AS "periodType", s.period_year AS "year",
              s.period_number AS "number", s.version, s.headline, s.report,
              u.path LIKE $2 AS "inScope"
       FROM report_snapshots s JOIN units u ON u.id = s.unit_id WHERE s.id = $1`,
      [id, scopePattern(actor)],
    );
    if (!row) throw notFound('Snapshot', id);
    const { inScope, ...snapshot } = row;
    if (!inScope) throw forbidden('OUTSIDE_SCOPE', 'This snapshot belongs to another unit');
    return snapshot;
  }
}
