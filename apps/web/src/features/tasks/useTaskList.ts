import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { countsQuery, withoutEmpty, type TaskCountsQuery, type TaskFilter } from './taskFilters';

export type TaskRow = Schemas['TaskDto'];
export type TaskCounts = Schemas['TaskCountsDto'];
export type TaskSource = Schemas['TaskSourceRowDto'];

/**
 * GET /tasks, one keyset page after another ("Xem thêm"): the pages so far, flattened, and
 * whether the API has more. The query key starts with 'tasks' so task mutations refresh it.
 */
export function useTaskList(
  filter: TaskFilter,
  { enabled = true, keepPrevious = true }: { enabled?: boolean; keepPrevious?: boolean } = {},
) {
  const query = useInfiniteQuery({
    queryKey: ['tasks', 'list', withoutEmpty(filter)],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/tasks', {
          params: { query: withoutEmpty({ ...filter, cursor: pageParam }) },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a changed filter loads, the rows of the previous one stay (dimmed) unless asked not to.
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    enabled,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

/** GET /tasks/counts under a list's filters: the total, by status and by timeliness class. */
export function useTaskCounts(filter: TaskFilter | TaskCountsQuery, enabled = true) {
  const query = countsQuery(filter);
  return useQuery({
    queryKey: ['tasks', 'counts', query],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tasks/counts', { params: { query }, signal })),
    enabled,
  });
}

/** Nguồn giao (GET /task-sources), with a key → label lookup. */
export function useTaskSources() {
  const query = useQuery({
    queryKey: ['task-sources'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/task-sources', { signal })),
    staleTime: 10 * 60_000,
  });
  const labelOf = useMemo(() => {
    const labels = new Map((query.data ?? []).map((s) => [s.key, s.label]));
    return (key: string) => labels.get(key) ?? key;
  }, [query.data]);
  return { ...query, labelOf };
}
