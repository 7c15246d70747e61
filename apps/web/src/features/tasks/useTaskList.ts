import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { countsQuery, withoutEmpty, type TaskCountsQuery, type TaskFilter } from './taskFilters';

export type TaskRow = Schemas['TaskDto'];
export type TaskCounts = Schemas['TaskCountsDto'];
export type UnitRow = Schemas['UnitDto'];
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

/** The whole unit tree (GET /units, ordered by path); it changes rarely. */
export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/units', { signal })),
    staleTime: 10 * 60_000,
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

/** Units as nested tree nodes for a TreeSelect (value = id), children in path order. */
export interface UnitNode {
  value: string;
  title: string;
  children: UnitNode[];
}

export function unitTree(units: readonly UnitRow[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  for (const u of units) nodes.set(u.id, { value: u.id, title: u.name, children: [] });
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Lower case without Vietnamese diacritics ("Sở Nội vụ" → "so noi vu"), for local searches. */
export const foldVietnamese = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
