import {
  InputRangeError,
  isDateInRange,
  MAX_DATE,
  MAX_DAY_SPAN,
  MAX_YEAR,
  MIN_DATE,
  MIN_YEAR,
} from '../common/limits';
import { addDays, Holiday, IsoDate, statutoryHolidays } from './vn-holidays';

/**
 * One row of the admin-edited table: 'holiday' makes a day off (announced Tết days, the second
 * 2/9 day, a weekday swapped for a Saturday); 'workday' makes a day a working day (the Saturday
 * that compensates a swap, or a computed holiday the announcement moved).
 */
export type CalendarOverride = { date: IsoDate; kind: 'holiday' | 'workday'; name?: string };

/** The civil-service calendar: Monday–Friday minus holidays (docs/domain.md §6). */
export class WorkingCalendar {
  private readonly overrides: Map<IsoDate, CalendarOverride>;
  private readonly computed = new Map<number, Map<IsoDate, string>>();

  constructor(overrides: CalendarOverride[] = []) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
  }

  isWorkingDay(date: IsoDate): boolean {
    const override = this.overrides.get(date);
    if (override) return override.kind === 'workday';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.computedOf(Number(date.slice(0, 4))).has(date);
  }

  /** Effective holidays of a year: computed ones not cancelled, plus the overlay's. */
  holidaysOf(year: number): Holiday[] {
    assertYear(year);
    const result = new Map<IsoDate, string>();
    for (const [date, name] of this.computedOf(year)) {
      if (this.overrides.get(date)?.kind !== 'workday') result.set(date, name);
    }
    for (const o of this.overrides.values()) {
      if (o.kind === 'holiday' && o.date.startsWith(`${year}-`)) {
        result.set(o.date, o.name ?? result.get(o.date) ?? 'Ngày nghỉ');
      }
    }
    return [...result]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /** "N working days from X": day X is not counted; weekends and holidays are skipped. */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    assertDate('from', from);
    assertDayCount('days', n);
    let date = from;
    // Each step moves one day, and the walk stops at the span cap or the last accepted date,
    // whatever the overlay says (an admin could mark years of holidays).
    for (let left = n, steps = 0; left > 0; steps++) {
      date = this.step(date, steps);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /**
   * "N days from X" (Bộ luật Dân sự Điều 147–148): day X is not counted, and a period ending on a
   * non-working day ends at the end of the next working day.
   */
  addDaysCivil(from: IsoDate, n: number): IsoDate {
    assertDate('from', from);
    assertDayCount('days', n);
    const end = addDays(from, n);
    assertDate('days', end);
    return this.nextWorkingDay(end);
  }

  /** The date itself when it is a working day, else the next working day. */
  nextWorkingDay(date: IsoDate): IsoDate {
    assertDate('date', date);
    let d = date;
    for (let steps = 0; !this.isWorkingDay(d); steps++) d = this.step(d, steps);
    return d;
  }

  /** The day after `date`, refusing to walk past MAX_DAY_SPAN steps or MAX_DATE. */
  private step(date: IsoDate, steps: number): IsoDate {
    const next = addDays(date, 1);
    if (steps >= MAX_DAY_SPAN || !isDateInRange(next)) {
      throw new InputRangeError(
        'days',
        'dateRange',
        `Kết quả vượt quá ${MAX_DAY_SPAN} ngày hoặc ra ngoài khoảng ${MIN_DATE} – ${MAX_DATE}`,
      );
    }
    return next;
  }

  private computedOf(year: number): Map<IsoDate, string> {
    let days = this.computed.get(year);
    if (!days) {
      days = new Map(statutoryHolidays(year).map((h) => [h.date, h.name]));
      this.computed.set(year, days);
    }
    return days;
  }
}

function assertDate(field: string, date: IsoDate): void {
  if (!isDateInRange(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new InputRangeError(
      field,
      'dateRange',
      `${field} phải là ngày YYYY-MM-DD trong khoảng ${MIN_DATE} – ${MAX_DATE}`,
    );
  }
}

function assertDayCount(field: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAY_SPAN) {
    throw new InputRangeError(field, 'max', `${field} phải là số nguyên từ 0 đến ${MAX_DAY_SPAN}`);
  }
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new InputRangeError('year', 'yearRange', `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
  }
}

/** Announced overlays used as demo data for the admin table. */
export const VN_2025_ANNOUNCED: CalendarOverride[] = [
  // Tết Ất Tỵ: off from Saturday 25/01 to Sunday 02/02/2025.
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'Nghỉ Tết Nguyên đán Ất Tỵ',
  })),
  // The 2/9/2025 holiday fell on Monday 1/9 and Tuesday 2/9.
  { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
];

export const VN_2026_ANNOUNCED: CalendarOverride[] = [
  // Tết Bính Ngọ: off from Saturday 14/02 to Sunday 22/02/2026.
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'Nghỉ Tết Nguyên đán Bính Ngọ',
  })),
];
