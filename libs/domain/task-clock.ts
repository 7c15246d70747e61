import { vnDateOf } from './dates';

/**
 * Calendar time as a task workflow sees it. Due dates are calendar dates in Asia/Ho_Chi_Minh
 * (fixed UTC+07:00, no daylight saving since 1975). `dayMs` below one real day compresses the
 * calendar so tests can watch weeks of reminders in seconds: day 0 then starts at `origin`.
 */
export interface ClockConfig {
  /** Length of one calendar day in milliseconds (86 400 000 in production). */
  dayMs: number;
  /** The task's assignment: instant and its calendar date. */
  originMs: number;
  originDate: string;
}

export const REAL_DAY_MS = 86_400_000;
const VN_OFFSET = '+07:00';

const dateIndex = (date: string) => Date.parse(`${date}T00:00:00Z`) / REAL_DAY_MS;
const dateOfIndex = (index: number) => new Date(index * REAL_DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => dateOfIndex(dateIndex(date) + days);
export const daysBetween = (from: string, to: string) => dateIndex(to) - dateIndex(from);

/** The instant of `hour`:00 on calendar date `date`. */
export function instantOf(clock: ClockConfig, date: string, hour: number): number {
  if (clock.dayMs === REAL_DAY_MS) {
    return Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00${VN_OFFSET}`);
  }
  return clock.originMs + (daysBetween(clock.originDate, date) + hour / 24) * clock.dayMs;
}

/** The calendar date at instant `nowMs`. */
export function dateAt(clock: ClockConfig, nowMs: number): string {
  if (clock.dayMs === REAL_DAY_MS) return vnDateOf(nowMs);
  return addDays(clock.originDate, Math.floor((nowMs - clock.originMs) / clock.dayMs));
}
