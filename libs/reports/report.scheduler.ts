import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { reportSnapshotsScheduleId } from '../../workflows/report/report-snapshot.messages';
import type { scheduledReportSnapshots } from '../../workflows/report/scheduled-snapshots.workflow';
import type { Environment } from '../config/environment';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { CronSchedule, ScheduleKeeper } from '../temporal/temporal-schedules';

/**
 * The nightly snapshots (Nghị định 09/2019 windows) run on a Temporal Schedule (SNAPSHOT_CRON,
 * Asia/Ho_Chi_Minh, 00:15 by default): the server fires it once however many API processes
 * there are, and catches up a night missed while it was down (docs/decisions/0019). Each API only
 * makes sure at boot that the schedule exists with its configuration.
 */
@Injectable()
export class ReportScheduler extends ScheduleKeeper {
  constructor(
    private readonly config: ConfigService<Environment, true>,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly settings: TemporalSettings,
  ) {
    super(temporal, new Logger(ReportScheduler.name));
  }

  get schedule(): CronSchedule {
    const taskQueue = this.settings.taskQueue;
    return {
      scheduleId: reportSnapshotsScheduleId(taskQueue),
      cron: this.config.get('SNAPSHOT_CRON'),
      catchupWindow: this.config.get('SCHEDULE_CATCHUP_WINDOW'),
      workflowType: 'scheduledReportSnapshots' satisfies (typeof scheduledReportSnapshots)['name'],
      workflowId: reportSnapshotsScheduleId(taskQueue),
      taskQueue,
    };
  }

  /**
   * Publishes the snapshots of every window cut off on `today` now, as the schedule would for a
   * night of that date; returns the workflow ids started (none for periods already published).
   */
  async publishDue(today: string): Promise<string[]> {
    const result = await this.temporal.workflow.execute<typeof scheduledReportSnapshots>(
      'scheduledReportSnapshots',
      {
        taskQueue: this.settings.taskQueue,
        workflowId: `report-snapshots-due-${today}-${randomUUID()}`,
        args: [{ date: today }],
      },
    );
    return result.started;
  }
}
