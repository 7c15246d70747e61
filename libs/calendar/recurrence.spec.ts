import fc from 'fast-check';
import { VN_2025_ANNOUNCED, WorkingCalendar } from './working-calendar';
import {
  describeRule,
  nextOccurrence,
  occurrencesBetween,
  occurrencesDue,
  occurrenceTitle,
  RecurrenceRule,
} from '../domain/recurrence';
import { PERIOD_TYPES } from '../domain/reporting-period';
import { addDays } from '../domain/task-clock';

const calendar = new WorkingCalendar(VN_2025_ANNOUNCED);
const quarterly: RecurrenceRule = { kind: 'period', periodType: 'quarter', dueAfterWorkingDays: 4 };

describe('Occurrences of a recurring task (docs/domain.md §8)', () => {
  it('follows the reporting windows of Nghị định 09/2019, due N working days after the cut-off', () => {
    expect(occurrencesBetween(quarterly, '2025-01-01', '2025-12-31', calendar)).toEqual([
      // Q1 closes Fri 14/03: Mon 17 … Thu 20.
      { periodKey: 'quarter:2025-1', label: 'quý I/2025', dueDate: '2025-03-20' },
      // Q2 closes Sat 14/06: Mon 16 … Thu 19.
      { periodKey: 'quarter:2025-2', label: 'quý II/2025', dueDate: '2025-06-19' },
      // Q3 closes Sun 14/09: Mon 15 … Thu 18.
      { periodKey: 'quarter:2025-3', label: 'quý III/2025', dueDate: '2025-09-18' },
      { periodKey: 'quarter:2025-4', label: 'quý IV/2025', dueDate: '2025-12-18' },
    ]);
    const half = occurrencesBetween(
      { kind: 'period', periodType: 'half', dueAfterWorkingDays: 2 },
      '2025-01-01',
      '2025-12-31',
      calendar,
    );
    expect(half).toEqual([
      { periodKey: 'half:2025', label: '6 tháng đầu năm 2025', dueDate: '2025-06-17' },
    ]);
    expect(occurrenceTitle('Báo cáo CCHC ', half[0])).toBe('Báo cáo CCHC 6 tháng đầu năm 2025');
  });

  it('skips the Tết holidays when counting working days after a cut-off', () => {
    // The January 2025 window closes Tue 14/01: eight working days to Fri 24/01, then Tết
    // (25/01–02/02), then Mon 03/02 and Tue 04/02. February's (due 28/02) is past the range.
    const monthly = occurrencesBetween(
      { kind: 'period', periodType: 'month', dueAfterWorkingDays: 10 },
      '2025-01-01',
      '2025-02-27',
      calendar,
    );
    expect(monthly.map((o) => [o.label, o.dueDate])).toEqual([['tháng 1/2025', '2025-02-04']]);
  });

  it('puts a monthly day past the end of a short month on its last day', () => {
    const due = occurrencesBetween(
      { kind: 'monthly', dayOfMonth: 31 },
      '2026-01-01',
      '2026-04-30',
      calendar,
    );
    expect(due.map((o) => [o.periodKey, o.label, o.dueDate])).toEqual([
      ['month:2026-01', 'tháng 1/2026', '2026-01-31'],
      ['month:2026-02', 'tháng 2/2026', '2026-02-28'],
      ['month:2026-03', 'tháng 3/2026', '2026-03-31'],
      ['month:2026-04', 'tháng 4/2026', '2026-04-30'],
    ]);
  });

  it('names weeks by their ISO 8601 number, across a year boundary', () => {
    const due = occurrencesBetween(
      { kind: 'weekly', weekday: 5 },
      '2024-12-20',
      '2025-01-10',
      calendar,
    );
    expect(due).toEqual([
      { periodKey: 'week:2024-W51', label: 'tuần 51/2024 (16/12–22/12)', dueDate: '2024-12-20' },
      { periodKey: 'week:2024-W52', label: 'tuần 52/2024 (23/12–29/12)', dueDate: '2024-12-27' },
      { periodKey: 'week:2025-W01', label: 'tuần 1/2025 (30/12–05/01)', dueDate: '2025-01-03' },
      { periodKey: 'week:2025-W02', label: 'tuần 2/2025 (06/01–12/01)', dueDate: '2025-01-10' },
    ]);
  });

  it('creates the periods due from the start date up to the lead time ahead, never a past one', () => {
    const window = { startsOn: '2025-09-01', leadDays: 20 };
    expect(occurrencesDue(quarterly, window, '2025-09-01', calendar).map((o) => o.label)).toEqual([
      'quý III/2025',
    ]);
    // Asked to start earlier: the second quarter is created too.
    expect(
      occurrencesDue(quarterly, { ...window, startsOn: '2025-05-01' }, '2025-09-01', calendar).map(
        (o) => o.label,
      ),
    ).toEqual(['quý II/2025', 'quý III/2025']);
    // Nothing is due to be created yet on 15/08 (Q3 is due 18/09, 34 days ahead).
    expect(
      occurrencesDue(quarterly, { startsOn: '2025-08-15', leadDays: 20 }, '2025-08-15', calendar),
    ).toEqual([]);
    // Ended before the third quarter is due.
    expect(
      occurrencesDue(
        quarterly,
        { ...window, startsOn: '2025-05-01', endsOn: '2025-09-17' },
        '2025-09-01',
        calendar,
      ).map((o) => o.label),
    ).toEqual(['quý II/2025']);
  });

  it('says when the next occurrence will be created', () => {
    expect(
      nextOccurrence(quarterly, { startsOn: '2025-09-01', leadDays: 20 }, '2025-09-01', calendar),
    ).toEqual({
      periodKey: 'quarter:2025-4',
      label: 'quý IV/2025',
      dueDate: '2025-12-18',
      createOn: '2025-11-28',
    });
    expect(
      nextOccurrence(
        quarterly,
        { startsOn: '2025-09-01', endsOn: '2025-10-01', leadDays: 20 },
        '2025-09-01',
        calendar,
      ),
    ).toBeNull();
  });

  it('describes each rule in Vietnamese', () => {
    expect(describeRule(quarterly)).toBe(
      'Hằng quý (kỳ báo cáo theo Nghị định 09/2019/NĐ-CP), hạn 4 ngày làm việc sau ngày chốt số liệu',
    );
    expect(describeRule({ kind: 'weekly', weekday: 5 })).toBe('Hằng tuần, hạn Thứ Sáu');
    expect(describeRule({ kind: 'monthly', dayOfMonth: 5 })).toBe('Hằng tháng, hạn ngày 5');
  });

  const rules: fc.Arbitrary<RecurrenceRule> = fc.oneof(
    fc.record({
      kind: fc.constant('period' as const),
      periodType: fc.constantFrom(...PERIOD_TYPES),
      dueAfterWorkingDays: fc.integer({ min: 0, max: 20 }),
    }),
    fc.record({
      kind: fc.constant('monthly' as const),
      dayOfMonth: fc.integer({ min: 1, max: 31 }),
    }),
    fc.record({ kind: fc.constant('weekly' as const), weekday: fc.integer({ min: 1, max: 7 }) }),
  );
  const days = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2024-01-01', d));

  it('splits a range into the occurrences of its parts, each once, in date order', () => {
    fc.assert(
      fc.property(
        rules,
        days,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (rule, from, a, b) => {
          const mid = addDays(from, a);
          const to = addDays(mid, b);
          const whole = occurrencesBetween(rule, from, to, calendar);
          const parts = [
            ...occurrencesBetween(rule, from, mid, calendar),
            ...occurrencesBetween(rule, addDays(mid, 1), to, calendar),
          ];
          expect(parts).toEqual(whole);
          expect(new Set(whole.map((o) => o.periodKey)).size).toBe(whole.length);
          for (const o of whole) {
            expect(o.dueDate >= from && o.dueDate <= to).toBe(true);
          }
          expect([...whole].sort((x, y) => x.dueDate.localeCompare(y.dueDate))).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('has the next occurrence created exactly when a daily run would first see it', () => {
    fc.assert(
      fc.property(rules, days, fc.integer({ min: 0, max: 30 }), (rule, today, leadDays) => {
        const window = { startsOn: today, leadDays };
        const next = nextOccurrence(rule, window, today, calendar)!;
        const seen = (day: string) =>
          occurrencesDue(rule, window, day, calendar).map((o) => o.periodKey);
        expect(seen(addDays(next.createOn, -1))).not.toContain(next.periodKey);
        expect(seen(next.createOn)).toContain(next.periodKey);
      }),
      { numRuns: 200 },
    );
  });
});
