import { tz } from '@date-fns/tz';
import { format } from 'date-fns';

/** A calendar date 'YYYY-MM-DD' in Asia/Ho_Chi_Minh. */
export type IsoDate = string;

export const TIMELINESS_CLASSES = [
  'completed_early',
  'completed_on_time',
  'completed_late',
  'overdue',
  'in_progress',
  'no_deadline',
] as const;
export type TimelinessClass = (typeof TIMELINESS_CLASSES)[number];

export const TIMELINESS_LABELS: Record<TimelinessClass, string> = {
  completed_early: 'Hoàn thành trước hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  overdue: 'Quá hạn chưa hoàn thành',
  in_progress: 'Đang thực hiện trong hạn',
  no_deadline: 'Không thời hạn',
};

const VN = tz('Asia/Ho_Chi_Minh');

/** The calendar date of an instant in Asia/Ho_Chi_Minh. */
export function vnDateOf(instant: Date): IsoDate {
  return format(instant, 'yyyy-MM-dd', { in: VN });
}

/**
 * The timeliness class of a task as of the end of day `asOf` (domain.md §3). `completedOn` is
 * the date of the accepted submission; a completion after `asOf` does not count yet.
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
