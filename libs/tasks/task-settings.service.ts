import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TaskWorkflowSettings } from '../../workflows/task/task.messages';
import type { Environment } from '../config/environment';

/** Workflow settings from configuration, handed to each task workflow when it starts. */
@Injectable()
export class TaskSettingsService {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  forTask(reminderDaysBefore?: number[]): TaskWorkflowSettings {
    const daysBefore =
      reminderDaysBefore ??
      this.config
        .get('TASK_REMINDER_DAYS_BEFORE')
        .split(',')
        .map((d: string) => d.trim())
        .filter(Boolean)
        .map(Number);
    return {
      rules: {
        maxExtensions: this.config.get('TASK_MAX_EXTENSIONS'),
        extensionOnlyBeforeDue: this.config.get('TASK_EXTENSION_ONLY_BEFORE_DUE'),
      },
      reminders:
        reminderDaysBefore?.length === 0
          ? null
          : {
              daysBefore,
              hour: this.config.get('TASK_REMINDER_HOUR'),
              firstOverdueAfterDays: this.config.get('TASK_OVERDUE_FIRST_AFTER_DAYS'),
              overdueRepeatDays: this.config.get('TASK_OVERDUE_REPEAT_DAYS'),
            },
      dayMs: this.config.get('TASK_DAY_LENGTH_MS'),
    };
  }
}
