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

function reminderFor(
  offsetDays: number,
  dueDate: string,
  policy: ReminderPolicy,
  clock: ClockConfig,
): Reminder {
  const date = addDays(dueDate, offsetDays);
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
 */
export function nextReminder(
  dueDate: string,
  fromMs: number,
  policy: ReminderPolicy,
  clock: ClockConfig,
): Reminder {
  const fixed = [...new Set(policy.daysBefore)]
    .filter((d) => d > 0)
    .sort((a, b) => b - a)
    .map((d) => -d)
    .concat(0);
  for (const offset of fixed) {
    const r = reminderFor(offset, dueDate, policy, clock);
    if (r.atMs >= fromMs) return r;
  }
  const first = policy.firstOverdueAfterDays;
  const repeat = Math.max(1, policy.overdueRepeatDays);
  const firstOverdue = reminderFor(first, dueDate, policy, clock);
  if (firstOverdue.atMs >= fromMs) return firstOverdue;
  const dayMs = clock.dayMs;
  const steps = Math.ceil((fromMs - firstOverdue.atMs) / (repeat * dayMs));
  let r = reminderFor(first + steps * repeat, dueDate, policy, clock);
  // Guard against rounding putting the computed step just before fromMs.
  while (r.atMs < fromMs) r = reminderFor(r.offsetDays + repeat, dueDate, policy, clock);
  return r;
}
