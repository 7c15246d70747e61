import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReminderPolicy } from '../domain/reminder-schedule';
import type { LiveSettings, TaskWorkflowSettings } from '../../workflows/task/task.messages';
import type { Environment } from '../config/environment';

/** A saved section of the live settings (table `live_settings`). */
export interface StoredSetting<T> {
  value: T;
  version: number;
  updatedAt: string;
}

/**
 * Workflow settings handed to each task workflow when it starts: configuration, overlaid by what
 * an administrator saved (`live_settings`, docs/decisions/0020-live-settings.md).
 */
@Injectable()
export class TaskSettingsService {
  constructor(
    private readonly config: ConfigService<Environment, true>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The reminder policy from configuration: the default until an administrator saves one. */
  defaultReminders(): ReminderPolicy {
    return {
      daysBefore: this.config
        .get('TASK_REMINDER_DAYS_BEFORE')
        .split(',')
        .map((d: string) => d.trim())
        .filter(Boolean)
        .map(Number),
      hour: this.config.get('TASK_REMINDER_HOUR'),
      firstOverdueAfterDays: this.config.get('TASK_OVERDUE_FIRST_AFTER_DAYS'),
      overdueRepeatDays: this.config.get('TASK_OVERDUE_REPEAT_DAYS'),
    };
  }

  /** The saved reminder policy, or null while configuration's defaults apply. */
  async storedReminders(): Promise<StoredSetting<ReminderPolicy> | null> {
    const [row]: { value: ReminderPolicy; version: string; updated_at: Date }[] =
      await this.db.query(
        `SELECT value, version, updated_at FROM live_settings WHERE key = 'reminders'`,
      );
    return row
      ? { value: row.value, version: Number(row.version), updatedAt: row.updated_at.toISOString() }
      : null;
  }

  /** The version of the live settings (0: nothing saved). */
  async version(): Promise<number> {
    const [{ version }]: { version: string }[] = await this.db.query(
      `SELECT coalesce(max(version), 0) AS version FROM live_settings`,
    );
    return Number(version);
  }

  /** Every live setting as of now, with the version of the whole set (0: nothing saved). */
  async live(): Promise<LiveSettings> {
    const version = await this.version();
    const reminders = await this.storedReminders();
    const defaults = this.defaultReminders();
    return {
      version,
      reminders: reminders?.value ?? defaults,
      configuredDaysBefore: defaults.daysBefore,
    };
  }

  /** Settings for a new task, from the live settings; `reminderDaysBefore` are its own offsets. */
  async current(
    reminderDaysBefore?: number[],
    known?: LiveSettings,
  ): Promise<TaskWorkflowSettings> {
    const live = known ?? (await this.live());
    return this.settingsFor(live.reminders!, live.version, reminderDaysBefore);
  }

  /**
   * Settings from configuration alone (no database read): for the transition rules, which are not
   * live settings. New tasks start with `current()`.
   */
  forTask(reminderDaysBefore?: number[]): TaskWorkflowSettings {
    return this.settingsFor(this.defaultReminders(), 0, reminderDaysBefore);
  }

  private settingsFor(
    policy: ReminderPolicy,
    version: number,
    reminderDaysBefore?: number[],
  ): TaskWorkflowSettings {
    const own = reminderDaysBefore !== undefined;
    return {
      rules: {
        maxExtensions: this.config.get('TASK_MAX_EXTENSIONS'),
        extensionOnlyBeforeDue: this.config.get('TASK_EXTENSION_ONLY_BEFORE_DUE'),
      },
      reminders:
        reminderDaysBefore?.length === 0
          ? null
          : { ...policy, daysBefore: reminderDaysBefore ?? policy.daysBefore },
      dayMs: this.config.get('TASK_DAY_LENGTH_MS'),
      version,
      ...(own && { ownDaysBefore: true }),
      ...(this.config.get('TASK_REMINDERS_ON_WORKING_DAYS') && { workingDayReminders: true }),
    };
  }
}
