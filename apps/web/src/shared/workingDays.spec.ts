import { describe, expect, it } from '@jest/globals';
import { calendarOf, workingDaysBetween } from './workingDays';

describe('workingDaysBetween', () => {
  const calendar = calendarOf([
    {
      year: 2026,
      holidays: [{ date: '2026-12-14', name: 'Ngày nghỉ bù' }],
      overrides: [{ date: '2026-12-12', kind: 'workday' }],
    },
  ]);

  it('counts working days after the first date up to the second, skipping weekends and holidays', () => {
    // Thu 10/12 → Fri 18/12: Fri 11, Sat 12 (a working Saturday), Tue–Fri 15–18; Mon 14 is off.
    expect(workingDaysBetween('2026-12-10', '2026-12-18', calendar)).toBe(6);
    expect(workingDaysBetween('2026-12-10', '2026-12-10', calendar)).toBe(0);
  });

  it('counts backwards, as a negative number, for a date already past', () => {
    expect(workingDaysBetween('2026-12-18', '2026-12-15', calendar)).toBe(-3);
  });

  it('names the day off and its kind', () => {
    expect(calendar('2026-12-14')).toEqual({
      working: false,
      weekend: false,
      holiday: 'Ngày nghỉ bù',
    });
    expect(calendar('2026-12-13')).toEqual({ working: false, weekend: true, holiday: undefined });
    expect(calendar('2026-12-12').working).toBe(true);
  });
});
