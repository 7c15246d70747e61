import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { hasRole, type Actor } from '../../auth/session';
import { dayjs, todayInVietnam } from '../../shared/format';

export type CompletionReport = Schemas['CompletionReportDto'];
export type CompletionCounts = Schemas['CompletionCountsDto'];
export type ReportGroup = Schemas['ReportGroupDto'];
export type DrillDownTask = Schemas['DrillDownTaskDto'];
export type ReportClass = Schemas['DrillDownDto']['class'];
export type Task = Schemas['TaskDto'];
/** GET /tasks filters (the list screen reads the same names from its URL). */
export type TaskQuery = NonNullable<operations['taskList']['parameters']['query']>;

/** Unit kinds whose leaders and monitors follow the whole province (as the API's scoping rule). */
const PROVINCE_WIDE_KINDS = ['province', 'provincial_office'];

/** The unit whose subtree the overview reports on: the province for its leaders, else one's unit. */
export function scopeUnitId(actor: Actor): string {
  const provinceWide =
    hasRole(actor, 'admin') ||
    (hasRole(actor, 'leader', 'monitor') && PROVINCE_WIDE_KINDS.includes(actor.unitKind));
  return provinceWide ? actor.unitPath.split('/').filter(Boolean)[0] : actor.unitId;
}

export function useScopeUnit(actor: Actor) {
  const id = scopeUnitId(actor);
  return useQuery({
    queryKey: ['units', id],
    queryFn: () => unwrap(api.GET('/api/v1/units/{id}', { params: { path: { id } } })),
    staleTime: 5 * 60_000,
  });
}

export type OrganisationMode = Schemas['ReportOrganisation'];
/** GET /reports/completion.xlsx and .docx parameters (the same report, as a document). */
export type ExportQuery = operations['reportXlsx']['parameters']['query'];

export function useCompletionReport(
  scope: string | undefined,
  from?: string,
  to?: string,
  organisation: OrganisationMode = 'asOfPeriod',
) {
  return useQuery({
    queryKey: ['report', 'completion', { scope, from, to, groupBy: 'unit', organisation }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/completion', {
          params: {
            query: { scope: scope!, from: from!, to: to!, groupBy: 'unit', organisation },
          },
        }),
      ),
    enabled: Boolean(scope && from && to),
  });
}

/** What one number of the report is made of: its classes, the group (unit) and the block. */
export interface DrillDown {
  title: string;
  classes: ReportClass[];
  group?: string;
  groupLabel?: string;
  block?: 'window' | 'carriedOver';
}

export const DRILL_LIMIT = 200;

/** The tasks behind a number, one drill-down call per class, merged by due date. */
export function useDrillDown(
  drill: DrillDown | null,
  scope: string | undefined,
  from?: string,
  to?: string,
  organisation: OrganisationMode = 'asOfPeriod',
) {
  const results = useQueries({
    queries: (drill?.classes ?? []).map((cls) => ({
      queryKey: [
        'report',
        'drill-down',
        { scope, from, to, cls, group: drill?.group, block: drill?.block, organisation },
      ],
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/reports/completion/tasks', {
            params: {
              query: {
                scope: scope!,
                from: from!,
                to: to!,
                class: cls,
                groupBy: 'unit',
                organisation,
                ...(drill?.group && { group: drill.group }),
                ...(drill?.block && { block: drill.block }),
                limit: DRILL_LIMIT,
              },
            },
          }),
        ),
      enabled: Boolean(drill && scope && from && to),
    })),
  });
  const items = results
    .flatMap((r) => r.data?.items ?? [])
    .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  return {
    items,
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.error)?.error ?? null,
    truncated: results.some((r) => (r.data?.items.length ?? 0) >= DRILL_LIMIT),
  };
}

/** The address of the report as a document: the Word report or the Excel form (biểu mẫu). */
export function reportExportUrl(format: 'docx' | 'xlsx', query: ExportQuery): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return `/api/v1/reports/completion.${format}?${search.toString()}`;
}

/** The end of this week (Sunday) in Vietnam: "đến hạn trong tuần này" runs from today to it. */
export function endOfWeek(today = todayInVietnam()): string {
  const d = dayjs(today);
  const offset = (7 - d.day()) % 7; // day(): 0 = Sunday
  return d.add(offset, 'day').format('YYYY-MM-DD');
}

/** The filters of the two lists, as GET /tasks names them (the list screen reads the same). */
export const OVERDUE_FILTER = { overdueOnly: true, sort: 'dueDate' } as const;
export const dueThisWeekFilter = (today = todayInVietnam()) =>
  ({
    timeliness: 'in_progress',
    dueFrom: today,
    dueTo: endOfWeek(today),
    sort: 'dueDate',
  }) as const;

export const LIST_SIZE = 8;

/** The first few tasks under a filter, and how many there are in all. */
export function useTaskShortList(filter: TaskQuery) {
  const { sort: _sort, ...countFilter } = filter;
  const page = useQuery({
    queryKey: ['tasks', 'list', { ...filter, limit: LIST_SIZE }],
    queryFn: () =>
      unwrap(api.GET('/api/v1/tasks', { params: { query: { ...filter, limit: LIST_SIZE } } })),
  });
  const counts = useQuery({
    queryKey: ['tasks', 'counts', countFilter],
    queryFn: () => unwrap(api.GET('/api/v1/tasks/counts', { params: { query: countFilter } })),
  });
  return { page, total: counts.data?.total };
}

/** A link to the task list screen with GET /tasks filters in its URL. */
export function taskListHref(filter: Record<string, string | number | boolean | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `/nhiem-vu?${query}` : '/nhiem-vu';
}
