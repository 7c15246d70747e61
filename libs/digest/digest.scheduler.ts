import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  dailyDigestScheduleId,
  dailyDigestWorkflowId,
} from '../../workflows/digest/daily-digest.messages';
import type { dailyDigest } from '../../workflows/digest/daily-digest.workflow';
import type { scheduledDigest } from '../../workflows/digest/scheduled-digest.workflow';
import type { Environment } from '../config/environment';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { CronSchedule, ScheduleKeeper } from '../temporal/temporal-schedules';

/**
 * The daily digest runs on a Temporal Schedule (DIGEST_CRON, Asia/Ho_Chi_Minh) that the Temporal
 * server fires once however many API processes there are, and catches up after an outage of the
 * server (docs/decisions/0019). Each API only makes sure at boot that the schedule exists with
 * its configuration; `run` is the manual trigger, deduplicated with the schedule by the date's id.
 */
@Injectable()
export class DigestScheduler extends ScheduleKeeper {
  constructor(
    private readonly config: ConfigService<Environment, true>,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly settings: TemporalSettings,
  ) {
    super(temporal, new Logger(DigestScheduler.name));
  }

  get schedule(): CronSchedule {
    const taskQueue = this.settings.taskQueue;
    return {
      scheduleId: dailyDigestScheduleId(taskQueue),
      cron: this.config.get('DIGEST_CRON'),
      catchupWindow: this.config.get('SCHEDULE_CATCHUP_WINDOW'),
      workflowType: 'scheduledDigest' satisfies (typeof scheduledDigest)['name'],
      workflowId: dailyDigestScheduleId(taskQueue),
      taskQueue,
    };
  }

  /** Starts the digest of `date`; returns false when it had already been started. */
  async run(date: string): Promise<boolean> {
    try {
      await this.temporal.workflow.start<typeof dailyDigest>('dailyDigest', {
        taskQueue: this.settings.taskQueue,
        workflowId: dailyDigestWorkflowId(date),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [date],
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }
}
