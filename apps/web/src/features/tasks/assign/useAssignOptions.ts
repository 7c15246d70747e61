import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/** Nguồn giao the API accepts (GET /task-sources, active ones, in their order). */
export const useTaskSources = () =>
  useQuery({
    queryKey: ['task-sources'],
    queryFn: () => unwrap(api.GET('/api/v1/task-sources')),
    staleTime: 10 * 60_000,
    select: (rows) => rows.filter((r) => r.active),
  });

/** "N working days from today" as the API computes it (GET /calendar/working-days). */
export const useWorkingDaysPreview = (from: string, days: number | null | undefined) =>
  useQuery({
    queryKey: ['calendar', 'working-days', from, days],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/calendar/working-days', { params: { query: { from, days: days! } } }),
      ),
    enabled: !!days && Number.isInteger(days) && days >= 1 && days <= 730,
    staleTime: 60 * 60_000,
  });

/** Labels of every source, active or not, for showing a task's nguồn giao. */
export const useTaskSourceLabels = () =>
  useQuery({
    queryKey: ['task-sources'],
    queryFn: () => unwrap(api.GET('/api/v1/task-sources')),
    staleTime: 10 * 60_000,
    select: (rows) => new Map(rows.map((r) => [r.key, r.label])),
  });
