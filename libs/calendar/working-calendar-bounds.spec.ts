import { InputRangeError, MAX_DAY_SPAN } from '../common/limits';
import { WorkingCalendar } from './working-calendar';

describe('The working-day calendar refuses unbounded work', () => {
  const calendar = new WorkingCalendar();

  it('refuses a start date past the accepted range instead of looping forever', () => {
    expect(() => calendar.addWorkingDays('9999-12-31', 1)).toThrow(InputRangeError);
    expect(() => calendar.addWorkingDays('1899-12-31', 1)).toThrow(InputRangeError);
    expect(() => calendar.addWorkingDays('+010000-01-01', 1)).toThrow(InputRangeError);
    expect(() => calendar.addDaysCivil('9999-12-31', 1)).toThrow(InputRangeError);
    expect(() => calendar.nextWorkingDay('9999-12-31')).toThrow(InputRangeError);
  });

  it('refuses a count of days that is negative, fractional or above the cap', () => {
    for (const n of [-1, 1.5, MAX_DAY_SPAN + 1, Number.MAX_SAFE_INTEGER, Infinity, NaN]) {
      expect(() => calendar.addWorkingDays('2026-01-05', n)).toThrow(InputRangeError);
      expect(() => calendar.addDaysCivil('2026-01-05', n)).toThrow(InputRangeError);
    }
  });

  it('stops at the end of the range rather than walking into year 2201', () => {
    expect(() => calendar.addWorkingDays('2200-12-30', 5)).toThrow(
      expect.objectContaining({ field: 'days', rule: 'dateRange' }),
    );
    expect(calendar.addWorkingDays('2200-12-29', 1)).toBe('2200-12-30');
  });

  it('stops after the span cap even when an overlay makes every day a holiday', () => {
    const days: string[] = [];
    for (let d = new Date('2026-01-01T00:00:00Z'); days.length < MAX_DAY_SPAN + 10;) {
      days.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    const allOff = new WorkingCalendar(days.map((date) => ({ date, kind: 'holiday' as const })));
    const started = Date.now();
    expect(() => allOff.addWorkingDays('2025-12-31', 1)).toThrow(InputRangeError);
    expect(() => allOff.nextWorkingDay('2026-01-01')).toThrow(InputRangeError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('still computes ordinary results near both ends of the range', () => {
    expect(calendar.addWorkingDays('2026-01-05', 0)).toBe('2026-01-05');
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-12');
    expect(calendar.addWorkingDays('1900-01-01', 1)).toBe('1900-01-02');
    expect(calendar.addDaysCivil('2026-01-05', MAX_DAY_SPAN)).toBe('2036-01-03');
  });

  it('gives holidays only for years 1900 to 2200', () => {
    expect(calendar.holidaysOf(1900).length).toBeGreaterThan(3);
    expect(calendar.holidaysOf(2200).length).toBeGreaterThan(3);
    for (const year of [-1, 0, 1899, 2201, 99999, 2025.5]) {
      expect(() => calendar.holidaysOf(year)).toThrow(InputRangeError);
    }
  });
});
