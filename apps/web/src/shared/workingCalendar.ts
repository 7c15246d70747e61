import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { dayjs } from './format';

type CalendarYear = Schemas['CalendarYearDto'];

/** What a day is on the civil-service calendar: a working day, a weekend, or a named holiday. */
export interface DayInfo {
  working: boolean;
  /** The holiday's name (Tết Nguyên đán, Quốc khánh…) when it is one. */
  holiday?: string;
  weekend: boolean;
}

/**
 * The working-day calendar of some years (GET /calendar/:year), with the API's rule
 * (libs/calendar/working-calendar.ts): Monday–Friday minus holidays, where the admin's overlay
 * may turn a weekend day into a working day. `dayInfo` is undefined until the years are loaded.
 */
export function useWorkingCalendar(years: readonly number[]) {
  const unique = [...new Set(years)].sort();
  const results = useQueries({
    queries: unique.map((year) => ({
      queryKey: ['calendar', year],
      queryFn: () =>
        unwrap(api.GET('/api/v1/calendar/{year}', { params: { path: { year } } })),
      staleTime: 60 * 60_000,
    })),
  });
  const loaded = results.every((r) => r.data);
  const key = results.map((r) => r.dataUpdatedAt).join(',');
  const dayInfo = useMemo(() => {
    if (!loaded) return undefined;
    return calendarOf(results.map((r) => r.data as CalendarYear));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, key]);
  return { dayInfo, isLoading: results.some((r) => r.isLoading) };
}

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
