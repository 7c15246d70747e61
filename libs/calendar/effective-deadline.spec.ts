import fc from 'fast-check';
import { addDays } from '../domain/task-clock';
import { DEADLINE_RULE_TEXT, deadlineText, effectiveDueDate } from '../domain/deadline';
import { classifyTimeliness } from '../domain/timeliness';
import { VN_2025_ANNOUNCED, WorkingCalendar, CalendarOverride } from './working-calendar';

/** A calendar of computed holidays overlaid by up to 40 random days off or on in 2023–2025. */
const calendars = fc
  .array(
    fc.record({
      offset: fc.integer({ min: 0, max: 3 * 366 }),
      kind: fc.constantFrom<'holiday' | 'workday'>('holiday', 'workday'),
    }),
    { maxLength: 40 },
  )
  .map(
    (days) =>
      new WorkingCalendar(
        days.map(({ offset, kind }): CalendarOverride => ({
          date: addDays('2023-01-01', offset),
          kind,
        })),
      ),
  );
const writtenDates = fc.integer({ min: 0, max: 3 * 366 }).map((d) => addDays('2023-01-01', d));

describe('The effective deadline (Bộ luật Dân sự Điều 148)', () => {
  const announced = new WorkingCalendar(VN_2025_ANNOUNCED);

  it('moves a weekend or holiday to the end of the next working day, and keeps a working day', () => {
    const cases: [string, string][] = [
      ['2024-03-09', '2024-03-11'], // Saturday → Monday
      ['2024-03-10', '2024-03-11'], // Sunday → Monday
      ['2024-03-12', '2024-03-12'], // Tuesday stays
      ['2024-04-30', '2024-05-02'], // 30/4 and 1/5 off → Thursday
      ['2025-01-25', '2025-02-03'], // the Saturday before Tết Ất Tỵ → after nine days off
      ['2025-09-01', '2025-09-03'], // 1/9 (announced) and 2/9 → Wednesday
    ];
    for (const [written, effective] of cases) {
      expect([written, effectiveDueDate(written, 'next_working_day', announced)]).toEqual([
        written,
        effective,
      ]);
    }
  });

  it('is the first working day on or after the written date, on any calendar', () => {
    fc.assert(
      fc.property(calendars, writtenDates, (calendar, written) => {
        const effective = effectiveDueDate(written, 'next_working_day', calendar)!;
        expect(effective >= written).toBe(true);
        expect(calendar.isWorkingDay(effective)).toBe(true);
        for (let d = written; d < effective; d = addDays(d, 1)) {
          expect(calendar.isWorkingDay(d)).toBe(false);
        }
        // Applying the rule again changes nothing.
        expect(effectiveDueDate(effective, 'next_working_day', calendar)).toBe(effective);
      }),
    );
  });

  it('keeps the written date under as_written, and no deadline stays none', () => {
    fc.assert(
      fc.property(calendars, writtenDates, (calendar, written) => {
        expect(effectiveDueDate(written, 'as_written', calendar)).toBe(written);
        expect(effectiveDueDate(null, 'next_working_day', calendar)).toBeNull();
      }),
    );
  });

  it('counts a completion on the effective day as on time, and a day later as late', () => {
    fc.assert(
      fc.property(calendars, writtenDates, (calendar, written) => {
        const dueDate = effectiveDueDate(written, 'next_working_day', calendar)!;
        const asOf = addDays(dueDate, 30);
        expect(classifyTimeliness({ dueDate, completedOn: dueDate }, asOf)).toBe(
          'completed_on_time',
        );
        expect(classifyTimeliness({ dueDate, completedOn: addDays(dueDate, 1) }, asOf)).toBe(
          'completed_late',
        );
        // Between the written date and the effective one the task is not yet overdue.
        expect(classifyTimeliness({ dueDate, completedOn: null }, dueDate)).toBe('in_progress');
      }),
    );
  });

  it('names the rule a report applied, and shows both dates when they differ', () => {
    expect(DEADLINE_RULE_TEXT.next_working_day).toContain('Điều 148 Bộ luật Dân sự 2015');
    expect(deadlineText('2024-03-09', '2024-03-11')).toBe('09/03/2024 (tính đến hết 11/03/2024)');
    expect(deadlineText('2024-03-12', '2024-03-12')).toBe('12/03/2024');
    expect(deadlineText(null, null)).toBe('');
  });
});
