/**
 * Recurring tasks (nhiệm vụ định kỳ, docs/domain.md §8): which occurrences a recurrence has, what
 * each is called and when each is due. Pure: the workflow's activity and the API both use it, and
 * the working calendar comes in.
 *
 * A recurrence's occurrence for a period is created `leadDays` calendar days before its due date,
 * and only for periods due on or after the recurrence's `startsOn` (and not after `endsOn`): a
 * recurrence added in November does not create the second quarter's report unless it is asked to
 * start earlier. So the occurrences due by `today` are exactly those whose due date lies in
 * [startsOn, min(endsOn, today + leadDays)].
 */
import type { IsoDate } from './dates';
import { periodWindow, PeriodType } from './reporting-period';
import { addDays } from './task-clock';
import type { WorkingDays } from './task-record';

/** Every reporting period of Nghị định 09/2019 (windows 15th–14th), due N working days after its cut-off. */
export interface PeriodRule {
  kind: 'period';
  periodType: PeriodType;
  dueAfterWorkingDays: number;
}

/** Every month, due on day `dayOfMonth` (the month's last day when it is shorter). */
export interface MonthlyRule {
  kind: 'monthly';
  dayOfMonth: number;
}

/** Every week, due on `weekday` (1 = Thứ Hai … 7 = Chủ nhật). */
export interface WeeklyRule {
  kind: 'weekly';
  weekday: number;
}

export type RecurrenceRule = PeriodRule | MonthlyRule | WeeklyRule;
export const RECURRENCE_KINDS = ['period', 'monthly', 'weekly'] as const;
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];

/** The lead time when the recurrence does not give one: about half a period, at most 20 days. */
export const DEFAULT_LEAD_DAYS: Record<RecurrenceKind, number> = {
  period: 20,
  monthly: 10,
  weekly: 3,
};

export interface Occurrence {
  /** Stable per recurrence: `quarter:2025-3`, `month:2025-03`, `week:2025-W12`, `year:2025`. */
  periodKey: string;
  /** Appended to the recurrence's title: 'quý III/2025', 'tháng 3/2025', 'tuần 12/2025 (17/03–23/03)'. */
  label: string;
  /** The written due date (the deadline rule of §3 applies to it as to any task). */
  dueDate: IsoDate;
}

export interface RecurrenceWindow {
  startsOn: IsoDate;
  endsOn?: IsoDate | null;
  leadDays: number;
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const DAY_MS = 86_400_000;

const utc = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
const pad = (n: number) => String(n).padStart(2, '0');
const dayMonth = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;

/** The short name of a reporting period, as it follows a title: 'quý III/2025'. */
export function periodShortLabel(type: PeriodType, year: number, number: number): string {
  switch (type) {
    case 'month':
      return `tháng ${number}/${year}`;
    case 'quarter':
      return `quý ${ROMAN[number - 1]}/${year}`;
    case 'half':
      return `6 tháng đầu năm ${year}`;
    case 'nine_months':
      return `9 tháng năm ${year}`;
    case 'year':
      return `năm ${year}`;
  }
}

const PERIODS_PER_YEAR: Record<PeriodType, number> = {
  month: 12,
  quarter: 4,
  half: 1,
  nine_months: 1,
  year: 1,
};

function periodKey(type: PeriodType, year: number, number: number): string {
  if (PERIODS_PER_YEAR[type] === 1) return `${type}:${year}`;
  return `${type}:${year}-${type === 'month' ? pad(number) : number}`;
}

function periodOccurrences(rule: PeriodRule, from: IsoDate, to: IsoDate, calendar: WorkingDays) {
  const result: Occurrence[] = [];
  // A window's due date lies after its cut-off, in the window's year or (December) the next.
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) {
    for (let n = 1; n <= PERIODS_PER_YEAR[rule.periodType]; n++) {
      const window = periodWindow(rule.periodType, year, n);
      const dueDate = calendar.addWorkingDays(window.to, rule.dueAfterWorkingDays);
      if (dueDate < from || dueDate > to) continue;
      result.push({
        periodKey: periodKey(rule.periodType, year, n),
        label: periodShortLabel(rule.periodType, year, n),
        dueDate,
      });
    }
  }
  return result;
}

function monthlyOccurrences(rule: MonthlyRule, from: IsoDate, to: IsoDate) {
  const result: Occurrence[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (
    ;
    `${year}-${pad(month)}` <= to.slice(0, 7);
    month === 12 ? (year++, (month = 1)) : month++
  ) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const dueDate = `${year}-${pad(month)}-${pad(Math.min(rule.dayOfMonth, lastDay))}`;
    if (dueDate < from || dueDate > to) continue;
    result.push({
      periodKey: periodKey('month', year, month),
      label: periodShortLabel('month', year, month),
      dueDate,
    });
  }
  return result;
}

/** ISO 8601 week of a Monday: its week-numbering year and number. */
function isoWeek(monday: IsoDate): { year: number; week: number } {
  const thursday = utc(monday) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week };
}

function weeklyOccurrences(rule: WeeklyRule, from: IsoDate, to: IsoDate) {
  const result: Occurrence[] = [];
  const weekdayOf = (date: IsoDate) => ((new Date(utc(date)).getUTCDay() + 6) % 7) + 1;
  for (let monday = addDays(from, 1 - weekdayOf(from)); monday <= to; monday = addDays(monday, 7)) {
    const dueDate = addDays(monday, rule.weekday - 1);
    if (dueDate < from || dueDate > to) continue;
    const { year, week } = isoWeek(monday);
    const sunday = addDays(monday, 6);
    result.push({
      periodKey: `week:${year}-W${pad(week)}`,
      label: `tuần ${week}/${year} (${dayMonth(monday)}–${dayMonth(sunday)})`,
      dueDate,
    });
  }
  return result;
}

/** Every occurrence of `rule` due from `from` to `to` (inclusive), by due date. */
export function occurrencesBetween(
  rule: RecurrenceRule,
  from: IsoDate,
  to: IsoDate,
  calendar: WorkingDays,
): Occurrence[] {
  if (to < from) return [];
  const found =
    rule.kind === 'period'
      ? periodOccurrences(rule, from, to, calendar)
      : rule.kind === 'monthly'
        ? monthlyOccurrences(rule, from, to)
        : weeklyOccurrences(rule, from, to);
  return found.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/** The occurrences that should exist by `today`: due in [startsOn, min(endsOn, today + leadDays)]. */
export function occurrencesDue(
  rule: RecurrenceRule,
  window: RecurrenceWindow,
  today: IsoDate,
  calendar: WorkingDays,
): Occurrence[] {
  const horizon = addDays(today, window.leadDays);
  const to = window.endsOn && window.endsOn < horizon ? window.endsOn : horizon;
  return occurrencesBetween(rule, window.startsOn, to, calendar);
}

/** The next occurrence due after `today + leadDays`, i.e. the next one still to be created. */
export function nextOccurrence(
  rule: RecurrenceRule,
  window: RecurrenceWindow,
  today: IsoDate,
  calendar: WorkingDays,
): (Occurrence & { createOn: IsoDate }) | null {
  const after = addDays(today, window.leadDays + 1);
  const from = window.startsOn > after ? window.startsOn : after;
  // One period of the longest kind (a year) plus its cut-off margin always holds the next one.
  const to = addDays(from, 400);
  const next = occurrencesBetween(rule, from, to, calendar).find(
    (o) => !window.endsOn || o.dueDate <= window.endsOn,
  );
  return next ? { ...next, createOn: addDays(next.dueDate, -window.leadDays) } : null;
}

/** The title of an occurrence: the recurrence's title followed by its period. */
export const occurrenceTitle = (title: string, occurrence: Pick<Occurrence, 'label'>) =>
  `${title.trim()} ${occurrence.label}`;

const WEEKDAY_NAMES = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const PERIOD_NAMES: Record<PeriodType, string> = {
  month: 'Hằng tháng',
  quarter: 'Hằng quý',
  half: '6 tháng đầu năm',
  nine_months: '9 tháng',
  year: 'Hằng năm',
};

/** The rule as a leader reads it. */
export function describeRule(rule: RecurrenceRule): string {
  switch (rule.kind) {
    case 'period':
      return (
        `${PERIOD_NAMES[rule.periodType]} (kỳ báo cáo theo Nghị định 09/2019/NĐ-CP), ` +
        `hạn ${rule.dueAfterWorkingDays} ngày làm việc sau ngày chốt số liệu`
      );
    case 'monthly':
      return `Hằng tháng, hạn ngày ${rule.dayOfMonth}${rule.dayOfMonth > 28 ? ' (tháng ngắn hơn: ngày cuối tháng)' : ''}`;
    case 'weekly':
      return `Hằng tuần, hạn ${WEEKDAY_NAMES[rule.weekday - 1]}`;
  }
}

/** The rule as stored: only the fields of its kind. */
export function normalizeRule(rule: {
  kind: RecurrenceKind;
  periodType?: PeriodType;
  dueAfterWorkingDays?: number;
  dayOfMonth?: number;
  weekday?: number;
}): RecurrenceRule {
  switch (rule.kind) {
    case 'period':
      return {
        kind: 'period',
        periodType: rule.periodType!,
        dueAfterWorkingDays: rule.dueAfterWorkingDays!,
      };
    case 'monthly':
      return { kind: 'monthly', dayOfMonth: rule.dayOfMonth! };
    case 'weekly':
      return { kind: 'weekly', weekday: rule.weekday! };
  }
}
