/**
 * Reporting windows (thời gian chốt số liệu) of Nghị định 09/2019/NĐ-CP and Bộ Nội vụ guidance
 * (docs/domain.md §5). Windows are inclusive and run from the 15th to the 14th; these are defaults,
 * an issuing body may set its own window (customWindow).
 */

import { displayDate, IsoDate } from './dates';

export type PeriodType = 'month' | 'quarter' | 'half' | 'nine_months' | 'year';

export interface PeriodWindow {
  type: PeriodType | 'custom';
  year: number;
  /** Month 1–12 or quarter 1–4; 1 for half, nine_months, year and custom. */
  number: number;
  from: IsoDate;
  to: IsoDate;
  /** Vietnamese: 'Tháng 3 năm 2024', 'Quý III năm 2022', '6 tháng đầu năm 2023'. */
  label: string;
  reportDueDate: IsoDate;
}

export const PERIOD_TYPES: readonly PeriodType[] = [
  'month',
  'quarter',
  'half',
  'nine_months',
  'year',
];

const WINDOW_START_DAY = 15;
const WINDOW_END_DAY = 14;
const REPORT_DUE_DAY = 20;
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'];

interface Span {
  lastMonth: number;
  months: number;
}

function isoDate(year: number, month: number, day: number): IsoDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function toUtc(date: IsoDate): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const utc = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  if (!utc || utc.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Invalid calendar date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  }
  return utc;
}

function addDays(date: IsoDate, days: number): IsoDate {
  const utc = toUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}

function checkNumber(type: PeriodType, number: number | undefined, max: number): number {
  if (number === undefined && max === 1) return 1;
  if (number === undefined || !Number.isInteger(number) || number < 1 || number > max) {
    const allowed = max === 1 ? 'only 1' : `an integer from 1 to ${max}`;
    throw new RangeError(`A ${type} period takes number ${allowed}, got ${number}`);
  }
  return number;
}

function span(type: PeriodType, number: number): Span {
  switch (type) {
    case 'month':
      return { lastMonth: number, months: 1 };
    case 'quarter':
      return { lastMonth: number * 3, months: 3 };
    case 'half':
      return { lastMonth: 6, months: 6 };
    case 'nine_months':
      return { lastMonth: 9, months: 9 };
    case 'year':
      return { lastMonth: 12, months: 12 };
  }
}

const MAX_NUMBER: Record<PeriodType, number> = {
  month: 12,
  quarter: 4,
  half: 1,
  nine_months: 1,
  year: 1,
};

function periodLabel(type: PeriodType, year: number, number: number): string {
  switch (type) {
    case 'month':
      return `Tháng ${number} năm ${year}`;
    case 'quarter':
      return `Quý ${ROMAN_QUARTERS[number - 1]} năm ${year}`;
    case 'half':
      return `6 tháng đầu năm ${year}`;
    case 'nine_months':
      return `9 tháng năm ${year}`;
    case 'year':
      return `Năm ${year}`;
  }
}

export function periodWindow(type: PeriodType, year: number, number?: number): PeriodWindow {
  if (!PERIOD_TYPES.includes(type)) {
    throw new RangeError(`Unknown period type ${JSON.stringify(type)}`);
  }
  checkYear(year);
  const n = checkNumber(type, number, MAX_NUMBER[type]);
  const { lastMonth, months } = span(type, n);
  // The window opens on the 15th of the month before the period's first month, so it starts in
  // the previous year for January, Q1 and every period that runs from the start of the year.
  const startMonth = lastMonth - months;
  const from =
    startMonth === 0
      ? isoDate(year - 1, 12, WINDOW_START_DAY)
      : isoDate(year, startMonth, WINDOW_START_DAY);
  return {
    type,
    year,
    number: n,
    from,
    to: isoDate(year, lastMonth, WINDOW_END_DAY),
    label: periodLabel(type, year, n),
    reportDueDate: isoDate(year, lastMonth, REPORT_DUE_DAY),
  };
}

/**
 * A window set by the issuing body (Đồng Tháp's 2021 annual report: 2020-12-01 → 2021-11-15).
 * It belongs to the year of its last day. The report is due on the 20th of the month the window
 * ends in, or of the next month when the window ends after the 20th (inferred: the default rule
 * always leaves days between the cut-off and the due date).
 */
export function customWindow(from: IsoDate, to: IsoDate, label?: string): PeriodWindow {
  toUtc(from);
  const end = toUtc(to);
  if (from > to) {
    throw new RangeError(`A reporting window must not end before it starts: ${from} > ${to}`);
  }
  const year = end.getUTCFullYear();
  checkYear(year);
  const month = end.getUTCMonth() + 1;
  const dueMonth = end.getUTCDate() > REPORT_DUE_DAY ? month + 1 : month;
  const reportDueDate =
    dueMonth > 12 ? isoDate(year + 1, 1, REPORT_DUE_DAY) : isoDate(year, dueMonth, REPORT_DUE_DAY);
  return {
    type: 'custom',
    year,
    number: 1,
    from,
    to,
    label: label?.trim() || `Từ ngày ${displayDate(from)} đến ngày ${displayDate(to)}`,
    reportDueDate,
  };
}

/** Every standard window of the year, months first, then quarters, half, nine months, year. */
function windowsOfYear(year: number): PeriodWindow[] {
  return PERIOD_TYPES.flatMap((type) =>
    Array.from({ length: MAX_NUMBER[type] }, (_, i) => periodWindow(type, year, i + 1)),
  );
}

/**
 * When snapshots are taken: the day after each window of the year ends, sorted by date; windows
 * that close on the same day (March: month 3 and Q1) keep the order month, quarter, half,
 * nine months, year.
 */
export function cutOffDates(year: number): { date: IsoDate; window: PeriodWindow }[] {
  checkYear(year);
  return windowsOfYear(year)
    .map((window) => ({ date: addDays(window.to, 1), window }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
