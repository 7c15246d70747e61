import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { calendarOf } from './workingDays';

type CalendarYear = Schemas['CalendarYearDto'];

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
      queryFn: () => unwrap(api.GET('/api/v1/calendar/{year}', { params: { path: { year } } })),
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

export { calendarOf, workingDaysBetween, yearsBetween, type DayInfo } from './workingDays';
