import { addDays, ClockConfig, instantOf } from './task-clock';

/** When reminders go out (docs/domain.md §3; every number configurable). */
export interface ReminderPolicy {
  /** Days before the due date, e.g. [7, 3, 1]. */
  daysBefore: number[];
  /** Local hour (Asia/Ho_Chi_Minh) at which every reminder of a day goes out. */
  hour: number;
  /** The first overdue reminder goes out this many days after the due date… */
  firstOverdueAfterDays: number;
  /** …then every this many days while the task stays open. */
  overdueRepeatDays: number;
}

export type ReminderKind = `before_${number}` | 'due_day' | `overdue_${number}`;

export interface Reminder {
  kind: ReminderKind;
  /** Calendar date the reminder belongs to. */
  date: string;
  atMs: number;
  /** Overdue reminders escalate to the assigner and the lead unit's leaders. */
  escalate: boolean;
  /** Signed distance to the due date in days: negative before, positive after. */
  offsetDays: number;
}

/**
 * Reminders on working days only (docs/domain.md §3): a reminder whose day is a weekend or holiday
 * goes out on the previous working day up to the deadline, on the next one after it; with
 * `daysBeforeInWorkingDays`, "N days before" counts working days.
 */
export interface ReminderDays {
  isWorkingDay(date: string): boolean;
  daysBeforeInWorkingDays: boolean;
}

/** Stops a walk over a calendar that an overlay made all days off (it cannot, but never hang). */
const MAX_WALK = 400;

function walk(date: string, step: 1 | -1, days: ReminderDays): string {
  let d = date;
  for (let i = 0; i < MAX_WALK && !days.isWorkingDay(d); i++) d = addDays(d, step);
  return d;
}

/** The date `n` working days before `date` (that day not counted). */
function workingDaysBefore(date: string, n: number, days: ReminderDays): string {
  let d = date;
  for (let left = n, i = 0; left > 0 && i < MAX_WALK * 2; i++) {
    d = addDays(d, -1);
    if (days.isWorkingDay(d)) left--;
  }
  return d;
}

function reminderFor(
  offsetDays: number,
  dueDate: string,
  policy: ReminderPolicy,
  clock: ClockConfig,
  days?: ReminderDays,
): Reminder {
  let date = addDays(dueDate, offsetDays);
  if (days) {
    if (offsetDays < 0 && days.daysBeforeInWorkingDays) {
      date = workingDaysBefore(dueDate, -offsetDays, days);
    }
    date = walk(date, offsetDays > 0 ? 1 : -1, days);
  }
  const kind: ReminderKind =
    offsetDays < 0
      ? `before_${-offsetDays}`
      : offsetDays === 0
        ? 'due_day'
        : `overdue_${offsetDays}`;
  return {
    kind,
    date,
    atMs: instantOf(clock, date, policy.hour),
    escalate: offsetDays > 0,
    offsetDays,
  };
}

/**
 * The first reminder for `dueDate` at or after `fromMs`. Before and on the due date the list is
 * finite; after it, reminders repeat every `overdueRepeatDays` for as long as the task is open.
 * With `days`, each goes out on a working day; two that land on the same day go out once (the
 * first of them), since the caller moves past an instant once it has sent it.
 */
export function nextReminder(
  dueDate: string,
  fromMs: number,
  policy: ReminderPolicy,
  clock: ClockConfig,
  days?: ReminderDays,
): Reminder {
  const fixed = [...new Set(policy.daysBefore)]
    .filter((d) => d > 0)
    .sort((a, b) => b - a)
    .map((d) => -d)
    .concat(0)
    .map((offset) => reminderFor(offset, dueDate, policy, clock, days))
    // Moved to working days, an earlier offset can land after a later one (never without).
    .sort((a, b) => a.atMs - b.atMs);
  for (const r of fixed) {
    if (r.atMs >= fromMs) return r;
  }
  const first = policy.firstOverdueAfterDays;
  const repeat = Math.max(1, policy.overdueRepeatDays);
  const firstOverdue = reminderFor(first, dueDate, policy, clock, days);
  if (firstOverdue.atMs >= fromMs) return firstOverdue;
  const dayMs = clock.dayMs;
  // Moving to the next working day only delays a reminder: start a step early to be sure.
  const steps = Math.max(
    0,
    Math.ceil((fromMs - firstOverdue.atMs) / (repeat * dayMs)) - (days ? 2 : 0),
  );
  let r = reminderFor(first + steps * repeat, dueDate, policy, clock, days);
  // Guard against rounding putting the computed step just before fromMs.
  while (r.atMs < fromMs) r = reminderFor(r.offsetDays + repeat, dueDate, policy, clock, days);
  return r;
}
