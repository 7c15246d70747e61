import type { operations } from '../../api/schema';
import { STATUS_LABELS, TIMELINESS_LABELS } from '../../shared/labels';

/** GET /tasks's query (generated from the API): the filters, the sort and the page. */
export type TaskQuery = NonNullable<operations['taskList']['parameters']['query']>;
/** GET /tasks/counts's query: the same filters without sort and paging. */
export type TaskCountsQuery = NonNullable<operations['taskCounts']['parameters']['query']>;
/** What the list screens keep in the URL: every filter, the sort and the page size (not the cursor). */
export type TaskFilter = Omit<TaskQuery, 'cursor'>;

type MyRole = NonNullable<TaskQuery['myRole']>;
type Sort = NonNullable<TaskQuery['sort']>;

/** The caller's own relation to a task (`myRole`), in the words of the administration. */
export const MY_ROLE_LABELS: Record<MyRole, string> = {
  lead: 'Đơn vị tôi chủ trì',
  coordinating: 'Đơn vị tôi phối hợp',
  assignee: 'Được giao cho tôi',
  assigner: 'Do tôi giao',
  watcher: 'Tôi theo dõi',
  approver: 'Chờ tôi phê duyệt',
};

export const SORT_LABELS: Record<Sort, string> = {
  assignedAt: 'Mới giao gần đây trước',
  dueDate: 'Hạn xử lý gần nhất trước',
};

const oneOf =
  <T extends string>(values: Record<T, string>) =>
  (raw: string | null): T | undefined =>
    raw !== null && Object.hasOwn(values, raw) ? (raw as T) : undefined;

const isoDate = (raw: string | null) => (raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined);
const uuid = (raw: string | null) =>
  raw && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)
    ? raw
    : undefined;

/**
 * The filter a URL holds. Values the API would refuse (a hand-edited link) are dropped rather
 * than turned into an error page; names are the API's own, so a link reads like the request.
 */
export function filterFromSearch(params: URLSearchParams): TaskFilter {
  const limit = Number(params.get('limit'));
  const q = params.get('q')?.trim().slice(0, 200);
  const source = params.get('source');
  const filter: TaskFilter = {
    unitId: uuid(params.get('unitId')),
    myRole: oneOf(MY_ROLE_LABELS)(params.get('myRole')),
    status: oneOf(STATUS_LABELS as Record<NonNullable<TaskQuery['status']>, string>)(
      params.get('status'),
    ),
    timeliness: oneOf(TIMELINESS_LABELS as Record<NonNullable<TaskQuery['timeliness']>, string>)(
      params.get('timeliness'),
    ),
    source: source && /^[a-z_]{2,40}$/.test(source) ? source : undefined,
    dueFrom: isoDate(params.get('dueFrom')),
    dueTo: isoDate(params.get('dueTo')),
    planId: uuid(params.get('planId')),
    parentTaskId: uuid(params.get('parentTaskId')),
    q: q || undefined,
    overdueOnly: params.get('overdueOnly') === 'true' ? true : undefined,
    sort: oneOf(SORT_LABELS)(params.get('sort')),
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 200 ? limit : undefined,
  };
  return withoutEmpty(filter);
}

/** The URL query for a filter (only the values set, in a stable order). */
export function searchFromFilter(filter: TaskFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(withoutEmpty(filter))) params.set(key, String(value));
  return params;
}

/** The filters that narrow the rows (what "Xoá bộ lọc" clears), sort and page size aside. */
export function activeFilterCount(filter: TaskFilter): number {
  const { sort: _sort, limit: _limit, ...rest } = withoutEmpty(filter);
  return Object.keys(rest).length;
}

/** The same filter for GET /tasks/counts (the total of a list). */
export function countsQuery(filter: TaskFilter): TaskCountsQuery {
  const { sort: _sort, limit: _limit, ...rest } = filter;
  return withoutEmpty(rest);
}

/** The same filter and order for the export (GET /task-sheets/export.xlsx: no paging). */
export function exportSearch(filter: TaskFilter): URLSearchParams {
  const { limit: _limit, ...rest } = filter;
  return searchFromFilter(rest);
}

export function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as T;
}
