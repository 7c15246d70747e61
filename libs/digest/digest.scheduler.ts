import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CronJob } from 'cron';
import type { dailyDigest } from '../../workflows/digest/daily-digest.workflow';
import { dailyDigestWorkflowId } from '../../workflows/digest/daily-digest.messages';
import type { Environment } from '../config/environment';
import { vnDateOf } from '../domain/dates';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';

/**
 * Starts the day's digest workflow at DIGEST_CRON (Asia/Ho_Chi_Minh). Several API instances may
 * all fire: the workflow id is the date and duplicates are rejected, so exactly one runs.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly registry: SchedulerRegistry,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.get('DIGEST_CRON'),
      timeZone: 'Asia/Ho_Chi_Minh',
      onTick: () => void this.run(vnDateOf(new Date())).catch((e) => this.logger.error(e)),
    });
    this.registry.addCronJob('daily-digest', job);
    job.start();
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
