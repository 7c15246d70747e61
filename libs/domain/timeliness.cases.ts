/**
 * The cases the timeliness rule is tested on, in TypeScript (timeliness.spec.ts) and in
 * PostgreSQL (test/e2e/timeliness-sql.e2e-spec.ts), so `classifyTimeliness` and `timelinessSql`,
 * `reportClassOf` and `reportClassPredicates` are provably the same rule (docs/domain.md §3, §5).
 */
import type { IsoDate } from './dates';
import type { ReportTimelinessClass, TimelinessClass } from './timeliness';

export interface TimelinessCase {
  dueDate: IsoDate | null;
  completedOn: IsoDate | null;
  cancelledOn: IsoDate | null;
  asOf: IsoDate;
  /** The timeliness class (lists, cancellation ignored). */
  timeliness: TimelinessClass;
  /** The class a completion report as of `asOf` counts the task in. */
  report: ReportTimelinessClass;
}

const c = (
  dueDate: IsoDate | null,
  completedOn: IsoDate | null,
  cancelledOn: IsoDate | null,
  asOf: IsoDate,
  timeliness: TimelinessClass,
  report: ReportTimelinessClass = timeliness,
): TimelinessCase => ({ dueDate, completedOn, cancelledOn, asOf, timeliness, report });

/** Hand-checked cases: every class, and every boundary between two of them. */
export const TIMELINESS_CASES: readonly TimelinessCase[] = [
  c('2025-03-31', '2025-03-30', null, '2025-04-30', 'completed_early'),
  c('2025-03-31', '2025-03-31', null, '2025-03-31', 'completed_on_time'),
  c('2025-03-31', '2025-03-31', null, '2025-04-30', 'completed_on_time'),
  c('2025-03-31', '2025-04-01', null, '2025-04-30', 'completed_late'),
  c('2025-03-31', '2025-04-01', null, '2025-04-01', 'completed_late'),
  c('2025-03-31', null, null, '2025-04-01', 'overdue'),
  c('2025-03-31', null, null, '2025-03-31', 'in_progress'),
  c('2025-03-31', null, null, '2025-01-01', 'in_progress'),
  c(null, '2025-03-01', null, '2025-04-01', 'no_deadline'),
  c(null, null, null, '2025-04-01', 'no_deadline'),
  // Completed after the as-of date: not completed by then.
  c('2025-03-31', '2025-04-02', null, '2025-04-01', 'overdue'),
  c('2025-04-30', '2025-04-02', null, '2025-04-01', 'in_progress'),
  c('2025-03-30', '2025-03-29', null, '2025-03-28', 'in_progress'),
  // Across months and years.
  c('2024-12-31', '2025-01-01', null, '2025-01-01', 'completed_late'),
  c('2024-02-29', '2024-02-28', null, '2024-03-01', 'completed_early'),
  c('2024-12-31', null, null, '2025-01-01', 'overdue'),
  // Cancelled on or before the as-of date: counted apart by reports, classified by lists.
  c('2025-03-31', null, '2025-04-01', '2025-04-01', 'overdue', 'cancelled'),
  c('2025-03-31', null, '2025-03-15', '2025-03-20', 'in_progress', 'cancelled'),
  c(null, null, '2025-03-15', '2025-03-15', 'no_deadline', 'cancelled'),
  // Cancelled after the as-of date: still counted in its class.
  c('2025-03-31', null, '2025-04-02', '2025-04-01', 'overdue'),
  c('2025-03-31', null, '2025-03-21', '2025-03-20', 'in_progress'),
  c(null, null, '2025-03-16', '2025-03-15', 'no_deadline'),
];

/**
 * Every ordering of due date, completion, cancellation and as-of date on five consecutive days
 * (each of the first three possibly absent): the grid the SQL twins are compared with the
 * TypeScript functions on.
 */
export function timelinessGrid(): Omit<TimelinessCase, 'timeliness' | 'report'>[] {
  const days = ['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02', '2025-01-03'];
  const maybe = [null, ...days];
  const grid: Omit<TimelinessCase, 'timeliness' | 'report'>[] = [];
  for (const dueDate of maybe)
    for (const completedOn of maybe)
      for (const cancelledOn of maybe)
        for (const asOf of days) grid.push({ dueDate, completedOn, cancelledOn, asOf });
  return grid;
}
