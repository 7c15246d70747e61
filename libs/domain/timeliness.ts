import type { IsoDate } from './dates';

export const TIMELINESS_CLASSES = [
  'completed_early',
  'completed_on_time',
  'completed_late',
  'overdue',
  'in_progress',
  'no_deadline',
] as const;
export type TimelinessClass = (typeof TIMELINESS_CLASSES)[number];

/** A report counts a task cancelled by its end apart from every timeliness class. */
export type ReportTimelinessClass = TimelinessClass | 'cancelled';

export const TIMELINESS_LABELS: Record<TimelinessClass, string> = {
  completed_early: 'Hoàn thành trước hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  overdue: 'Quá hạn chưa hoàn thành',
  in_progress: 'Đang thực hiện trong hạn',
  no_deadline: 'Không thời hạn',
};

/**
 * The timeliness class of a task as of the end of day `asOf` (docs/domain.md §3). `completedOn`
 * is the date of the accepted submission; a completion after `asOf` does not count yet.
 * Its SQL twin is `timelinessSql` (timeliness.sql.ts); timeliness.cases.ts holds the cases both
 * are tested on.
 */
export function classifyTimeliness(
  t: { dueDate: IsoDate | null; completedOn: IsoDate | null },
  asOf: IsoDate,
): TimelinessClass {
  if (!t.dueDate) return 'no_deadline';
  if (t.completedOn && t.completedOn <= asOf) {
    if (t.completedOn < t.dueDate) return 'completed_early';
    return t.completedOn === t.dueDate ? 'completed_on_time' : 'completed_late';
  }
  return t.dueDate < asOf ? 'overdue' : 'in_progress';
}

/**
 * The class a completion report counts a task in as of its end `asOf` (docs/domain.md §5):
 * 'cancelled' once cancelled on or before `asOf`, otherwise its timeliness class. Its SQL twin is
 * `reportClassPredicates` (timeliness.sql.ts).
 */
export function reportClassOf(
  t: { dueDate: IsoDate | null; completedOn: IsoDate | null; cancelledOn: IsoDate | null },
  asOf: IsoDate,
): ReportTimelinessClass {
  if (t.cancelledOn && t.cancelledOn <= asOf) return 'cancelled';
  return classifyTimeliness(t, asOf);
}
