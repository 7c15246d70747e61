import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { settingsChangedSignal } from '../../../workflows/task/task.messages';
import type { Actor } from '../../auth/actor';
import { TEMPORAL_CLIENT } from '../../temporal/temporal-client.module';
import { TaskSettingsService } from '../task-settings.service';
import type { ReminderSettingsDto, ReminderSettingsInputDto } from './reminder-settings.dto';

/** Signals in flight at once while telling the open tasks (each is one small RPC). */
const SIGNAL_CONCURRENCY = 16;

/**
 * Settings an administrator changes at runtime, and how they reach running task workflows
 * (docs/decisions/0020-live-settings.md): saved with the next version, then every open task's
 * workflow is sent the whole set (signal `settingsChanged`); the row is marked broadcast only
 * when all were sent, and a start-up finding an unmarked row sends again. Workflows ignore a
 * version they already have, so sending twice is harmless.
 */
@Injectable()
export class LiveSettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveSettingsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly taskSettings: TaskSettingsService,
  ) {}

  /** An API stopped half-way through telling the tasks: finish (in the background). */
  async onApplicationBootstrap(): Promise<void> {
    const pending: unknown[] = await this.db.query(
      `SELECT 1 FROM live_settings WHERE NOT broadcast LIMIT 1`,
    );
    if (pending.length === 0) return;
    this.broadcast().catch((error: Error) =>
      this.logger.warn(
        `Settings not yet sent to every task, retried at the next start: ${error.message}`,
      ),
    );
  }

  async get(): Promise<ReminderSettingsDto> {
    const [stored, live] = await Promise.all([
      this.taskSettings.storedReminders(),
      this.taskSettings.live(),
    ]);
    return {
      ...(stored?.value ?? this.taskSettings.defaultReminders()),
      version: live.version,
      updatedAt: stored?.updatedAt ?? null,
      signalledTasks: 0,
    };
  }

  async save(actor: Actor, dto: ReminderSettingsInputDto): Promise<ReminderSettingsDto> {
    const value = {
      daysBefore: [...dto.daysBefore].sort((a, b) => b - a),
      hour: dto.hour,
      firstOverdueAfterDays: dto.firstOverdueAfterDays,
      overdueRepeatDays: dto.overdueRepeatDays,
    };
    await this.db.query(
      `INSERT INTO live_settings (key, value, version, updated_by)
       VALUES ('reminders', $1, nextval('live_settings_version'), $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version,
         broadcast = false, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [JSON.stringify(value), actor.id],
    );
    const signalledTasks = await this.broadcast();
    return { ...(await this.get()), signalledTasks };
  }

  /**
   * Sends the current set to every open task's workflow, a bounded number at a time; returns how
   * many were sent. A workflow that closed meanwhile is skipped.
   */
  async broadcast(): Promise<number> {
    const live = await this.taskSettings.live();
    const open: { workflow_id: string }[] = await this.db.query(
      `SELECT workflow_id FROM tasks WHERE status NOT IN ('completed', 'cancelled')`,
    );
    let next = 0;
    let sent = 0;
    await Promise.all(
      Array.from({ length: Math.min(SIGNAL_CONCURRENCY, open.length) }, async () => {
        while (next < open.length) {
          const id = open[next++].workflow_id;
          try {
            await this.temporal.workflow.getHandle(id).signal(settingsChangedSignal, live);
            sent++;
          } catch (error) {
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          }
        }
      }),
    );
    await this.db.query(`UPDATE live_settings SET broadcast = true WHERE version <= $1`, [
      live.version,
    ]);
    return sent;
  }

  /**
   * Tasks just started with settings older than the current ones (a change saved while they
   * started, which the broadcast's list of open tasks may have missed) are sent the current set.
   */
  async catchUp(started: { workflowId: string; version: number }[]): Promise<void> {
    const version = await this.taskSettings.version();
    const stale = started.filter((s) => s.version < version);
    if (stale.length === 0) return;
    const live = await this.taskSettings.live();
    for (const { workflowId } of stale) {
      await this.temporal.workflow.getHandle(workflowId).signal(settingsChangedSignal, live);
    }
  }
}
