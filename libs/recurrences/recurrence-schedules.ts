import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, ScheduleNotFoundError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { recurrenceRun } from '../../workflows/recurrence/recurrence-run.workflow';
import {
  recurrenceScheduleId,
  RecurrenceRunInput,
  RecurrenceRunResult,
} from '../../workflows/recurrence/recurrence.messages';
import type { Environment } from '../config/environment';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { CronSchedule, ensureSchedule } from '../temporal/temporal-schedules';
import type { RecurrenceStatus } from './recurrence-row';

/** How long a request that changed a recurrence waits for the run it started. */
const RUN_WAIT_MS = 5_000;

/**
 * Each recurrence's Temporal Schedule (`recurrence-<id>`, docs/decisions/0022): daily at
 * RECURRENCE_CRON it starts `recurrenceRun`, which creates the occurrences due by that day.
 * Pausing a recurrence pauses its Schedule; ending it deletes the Schedule.
 */
@Injectable()
export class RecurrenceSchedules {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  scheduleOf(id: string, status: RecurrenceStatus): CronSchedule {
    const args: [RecurrenceRunInput] = [{ recurrenceId: id }];
    return {
      scheduleId: recurrenceScheduleId(id),
      cron: this.config.get('RECURRENCE_CRON'),
      catchupWindow: this.config.get('SCHEDULE_CATCHUP_WINDOW'),
      workflowType: 'recurrenceRun' satisfies (typeof recurrenceRun)['name'],
      workflowId: recurrenceScheduleId(id),
      taskQueue: this.settings.taskQueue,
      args,
      paused: status === 'paused',
    };
  }

  /** Creates the Schedule (paused when the recurrence is), or brings it in line with configuration. */
  ensure(id: string, status: RecurrenceStatus) {
    return ensureSchedule(this.temporal, this.scheduleOf(id, status));
  }

  /** Pauses the Schedule (making it again, paused, if it was lost). */
  async pause(id: string, note: string) {
    try {
      await this.temporal.schedule.getHandle(recurrenceScheduleId(id)).pause(note);
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      await this.ensure(id, 'paused');
    }
  }

  /** Resumes the Schedule, making it again first if it was lost (a Temporal server restored). */
  async resume(id: string) {
    await this.ensure(id, 'active');
    await this.temporal.schedule.getHandle(recurrenceScheduleId(id)).unpause();
  }

  async remove(id: string) {
    try {
      await this.temporal.schedule.getHandle(recurrenceScheduleId(id)).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }

  /**
   * Runs the recurrence now (as its Schedule would today) and waits a moment for the result: the
   * occurrences already due appear with the answer. Null when the run has not finished in time
   * (no worker yet); it finishes on its own.
   */
  async runNow(id: string): Promise<RecurrenceRunResult | null> {
    const handle = await this.temporal.workflow.start<typeof recurrenceRun>('recurrenceRun', {
      taskQueue: this.settings.taskQueue,
      workflowId: `${recurrenceScheduleId(id)}-now-${new Date().toISOString()}-${crypto.randomUUID()}`,
      args: [{ recurrenceId: id }],
    });
    const timeout = new AbortController();
    try {
      return await Promise.race([
        handle.result(),
        sleep(RUN_WAIT_MS, null, { signal: timeout.signal }),
      ]);
    } finally {
      timeout.abort();
    }
  }
}

/**
 * At boot, every recurrence not ended gets its Schedule back if the Temporal server lost it (a
 * restored or reset cluster), and takes a changed RECURRENCE_CRON; retried until Temporal answers.
 */
@Injectable()
export class RecurrenceSchedulesAtBoot implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecurrenceSchedulesAtBoot.name);
  private readonly shutdown = new AbortController();
  ready: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly schedules: RecurrenceSchedules,
  ) {}

  onApplicationBootstrap(): void {
    this.ready = this.ensureAll();
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async ensureAll(): Promise<void> {
    const signal = this.shutdown.signal;
    for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, 60_000)) {
      try {
        const rows: { id: string; status: RecurrenceStatus }[] = await this.db.query(
          `SELECT id, status FROM recurrences WHERE status <> 'ended' ORDER BY created_at`,
        );
        for (const row of rows) {
          if (signal.aborted) return;
          const outcome = await this.schedules.ensure(row.id, row.status);
          if (outcome !== 'unchanged') this.logger.log(`Recurrence ${row.id}: schedule ${outcome}`);
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn(`Recurrence schedules not ensured yet: ${String(error)}`);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
