/** How a task workflow takes a settings change (docs/decisions/0020-live-settings.md); pure. */
import type { LiveSettings, TaskWorkflowSettings } from './task.messages';

/**
 * The task's settings after `change`: a newer version replaces the reminder policy, except that
 * a task which chose its own offsets keeps them (taking only the hour and the overdue cadence),
 * and a task that sends no reminders keeps sending none. Older or equal versions change nothing.
 */
export function withLiveSettings(
  current: TaskWorkflowSettings,
  change: LiveSettings,
): TaskWorkflowSettings {
  if (change.version <= (current.version ?? 0)) return current;
  const next: TaskWorkflowSettings = { ...current, version: change.version };
  if (change.reminders && current.reminders) {
    next.reminders = {
      ...change.reminders,
      daysBefore: ownDaysBefore(current, change)
        ? current.reminders.daysBefore
        : [...change.reminders.daysBefore],
    };
  }
  return next;
}

function ownDaysBefore(current: TaskWorkflowSettings, change: LiveSettings): boolean {
  if (current.ownDaysBefore !== undefined || current.version !== undefined) {
    return current.ownDaysBefore === true;
  }
  // Started before live settings: its offsets were its own if they were not configuration's.
  const configured = change.configuredDaysBefore;
  if (!configured || !current.reminders) return false;
  const key = (days: number[]) => [...new Set(days)].sort((a, b) => a - b).join(',');
  return key(current.reminders.daysBefore) !== key(configured);
}
