import { displayDate, IsoDate } from './dates';

/**
 * What a deadline falling on a non-working day means (docs/domain.md §3, "Effective deadline").
 * `next_working_day`: Bộ luật Dân sự 2015, Điều 148 khoản 5 — when the last day of a period is a
 * weekend or public holiday, the period ends at the end of the next working day.
 * `as_written`: the date as written, whatever day it is.
 */
export const DEADLINE_RULES = ['next_working_day', 'as_written'] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];

/** How a report names the rule it applied. */
export const DEADLINE_RULE_TEXT: Record<DeadlineRule, string> = {
  next_working_day:
    'Thời hạn rơi vào ngày nghỉ được tính đến hết ngày làm việc tiếp theo (Điều 148 Bộ luật Dân sự 2015)',
  as_written: 'Thời hạn tính đúng ngày ghi trong văn bản, kể cả khi rơi vào ngày nghỉ',
};

/** The part of the working calendar (docs/domain.md §6) the rule needs. */
export interface NextWorkingDay {
  nextWorkingDay(date: IsoDate): IsoDate;
}

/** The deadline timeliness, reminders and reports use for a written due date. */
export function effectiveDueDate(
  written: IsoDate | null,
  rule: DeadlineRule,
  calendar: NextWorkingDay,
): IsoDate | null {
  if (!written || rule === 'as_written') return written;
  return calendar.nextWorkingDay(written);
}

/** "07/03/2026", or "07/03/2026 (tính đến hết 09/03/2026)" when the rule moved it. */
export function deadlineText(written: IsoDate | null, effective: IsoDate | null): string {
  if (!written) return '';
  return effective && effective !== written
    ? `${displayDate(written)} (tính đến hết ${displayDate(effective)})`
    : displayDate(written);
}
