import { dayjs } from './format';
import type { Schemas } from '../api/client';

type CalendarYear = Schemas['CalendarYearDto'];

/** What a day is on the civil-service calendar: a working day, a weekend, or a named holiday. */
export interface DayInfo {
  working: boolean;
  /** The holiday's name (Tết Nguyên đán, Quốc khánh…) when it is one. */
  holiday?: string;
  weekend: boolean;
}

/**
 * The API's rule (libs/calendar/working-calendar.ts) over the years GET /calendar/:year gave:
 * Monday–Friday minus holidays, where the admin's overlay may make a weekend day a working day.
 */
export function calendarOf(years: readonly CalendarYear[]): (date: string) => DayInfo {
  const holidays = new Map<string, string>();
  const workdays = new Set<string>();
  for (const year of years) {
    for (const h of year.holidays) holidays.set(h.date, h.name);
    for (const o of year.overrides) if (o.kind === 'workday') workdays.add(o.date);
  }
  return (date) => {
    const weekday = dayjs(date).day();
    const weekend = weekday === 0 || weekday === 6;
    const holiday = holidays.get(date);
    return { weekend, holiday, working: workdays.has(date) || (!weekend && !holiday) };
  };
}

/**
 * Working days from `from` (not counted) to `to` (counted): 0 when `to` is `from` or a day off
 * right after it; negative (working days late) when `to` lies before `from`.
 */
export function workingDaysBetween(
  from: string,
  to: string,
  dayInfo: (date: string) => DayInfo,
): number {
  const sign = to >= from ? 1 : -1;
  const [start, end] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let d = dayjs(start).add(1, 'day'); !d.isAfter(end, 'day'); d = d.add(1, 'day')) {
    if (dayInfo(d.format('YYYY-MM-DD')).working) count++;
  }
  return sign * count;
}

/** The calendar years between two dates, inclusive. */
export const yearsBetween = (from: string, to: string): number[] => {
  const [a, b] = [dayjs(from).year(), dayjs(to).year()].sort((x, y) => x - y);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
};
