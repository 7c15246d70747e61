import { TIMELINESS_CLASSES } from '../domain/timeliness';
import type { DeadlineRule } from '../domain/deadline';
import type { OrganisationMode } from './report-organisation';

/**
 * The shape of a completion report (docs/domain.md §3, §5), shared by the API, snapshots and
 * exports.
 */
export interface CompletionCounts {
  total: number;
  completedEarly: number;
  completedOnTime: number;
  completedLate: number;
  overdueIncomplete: number;
  inProgressNotDue: number;
  noDeadline: number;
  cancelled: number;
  /** Tasks whose due date is on or before the report's end (the late share's denominator). */
  alreadyDue: number;
  /** (early + on time) / total — "183/193". */
  onTimeShare: number | null;
  /** completed / (completed + overdue) — the Government Office's "2.501/2.723". */
  dueCompletionRate: number | null;
  /** (completed late + overdue) / tasks already due. */
  lateShare: number | null;
  /** Biểu mẫu 1: 5.1 total, 5.2 on time or early, 5.3 completed late, 5.4 overdue not completed. */
  indicators: { '5.1': number; '5.2': number; '5.3': number; '5.4': number };
}

export const GROUP_BYS = ['unit', 'source', 'area', 'plan'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface ReportGroup extends CompletionCounts {
  key: string;
  label: string;
}

export interface CompletionBlock {
  totals: CompletionCounts;
  groups: ReportGroup[];
}

export interface CompletionReport {
  scope: { id: string; code: string; name: string };
  from: string;
  to: string;
  filters: { source?: string; area?: string; plan?: string };
  groupBy: GroupBy | null;
  /** Tasks assigned within [from, to], classified as of `to`. */
  window: CompletionBlock;
  /** Tasks assigned before `from` and still open at `from`, classified as of `to`. */
  carriedOver: CompletionBlock;
  /**
   * The rule by which a due date on a non-working day was counted (docs/domain.md §3); absent
   * from snapshots published before it was recorded.
   */
  deadlineRule?: { rule: DeadlineRule; text: string };
  /**
   * Which organisation the units were counted by (docs/domain.md §5); absent from snapshots
   * published before it was recorded, which counted by the organisation of their day.
   */
  organisation?: { mode: OrganisationMode; text: string };
  generatedAt: string;
}

/** A report number is a timeliness class, or the cancelled tasks counted apart. */
export const REPORT_CLASSES = [...TIMELINESS_CLASSES, 'cancelled'] as const;
export type ReportClass = (typeof REPORT_CLASSES)[number];

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Derives rates and form indicators from raw counts. */
export function withRates(
  raw: Omit<CompletionCounts, 'onTimeShare' | 'dueCompletionRate' | 'lateShare' | 'indicators'>,
): CompletionCounts {
  const onTime = raw.completedEarly + raw.completedOnTime;
  const completed = onTime + raw.completedLate;
  return {
    ...raw,
    onTimeShare: share(onTime, raw.total),
    dueCompletionRate: share(completed, completed + raw.overdueIncomplete),
    lateShare: share(raw.completedLate + raw.overdueIncomplete, raw.alreadyDue),
    indicators: {
      '5.1': raw.total,
      '5.2': onTime,
      '5.3': raw.completedLate,
      '5.4': raw.overdueIncomplete,
    },
  };
}

/** Vietnamese number formats: 44.333 and 94,8%. */
export const formatCount = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
export const formatPercent = (ratio: number | null) =>
  ratio === null
    ? '—'
    : `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(ratio * 100)}%`;

/** "Sở Kế hoạch và Đầu tư: 183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn (94,8%)". */
export function headline(unitName: string, c: CompletionCounts): string {
  const onTime = c.completedEarly + c.completedOnTime;
  return `${unitName}: ${formatCount(onTime)}/${formatCount(c.total)} nhiệm vụ hoàn thành đúng hạn, trước hạn (${formatPercent(c.onTimeShare)})`;
}
