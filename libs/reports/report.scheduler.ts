import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CronJob } from 'cron';
import {
  scheduledSnapshotWorkflowId,
  SnapshotRequest,
} from '../../workflows/report/report-snapshot.messages';
import type { publishReportSnapshots } from '../../workflows/report/report-snapshot.workflow';
import { vnDateOf } from '../domain/dates';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { cutOffDates } from '../domain/reporting-period';

/**
 * Every night (00:15, Asia/Ho_Chi_Minh) publishes the snapshots of each period whose window ended
 * yesterday (Nghị định 09/2019 windows). Fixed workflow ids make it run once across API instances.
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: '15 0 * * *',
      timeZone: 'Asia/Ho_Chi_Minh',
      onTick: () => void this.publishDue(vnDateOf(new Date())).catch((e) => this.logger.error(e)),
    });
    this.registry.addCronJob('report-snapshots', job);
    job.start();
  }

  /** Starts the snapshots of every window cut off on `today`; returns the workflow ids started. */
  async publishDue(today: string): Promise<string[]> {
    const year = Number(today.slice(0, 4));
    const due = [...cutOffDates(year), ...cutOffDates(year + 1)].filter((c) => c.date === today);
    const started: string[] = [];
    for (const { window } of due) {
      const request: SnapshotRequest = {
        periodType: window.type as SnapshotRequest['periodType'],
        year: window.year,
        number: window.number,
        requestedBy: null,
      };
      const workflowId = scheduledSnapshotWorkflowId(request);
      try {
        await this.temporal.workflow.start<typeof publishReportSnapshots>(
          'publishReportSnapshots',
          {
            taskQueue: this.settings.taskQueue,
            workflowId,
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            args: [request],
          },
        );
        started.push(workflowId);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    return started;
  }
}
