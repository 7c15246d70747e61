import fc from 'fast-check';
import { classifyTimeliness, TIMELINESS_CLASSES, vnDateOf } from './timeliness';

const dates = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('Timeliness classes (domain.md §3)', () => {
  it.each([
    [{ dueDate: '2025-03-31', completedOn: '2025-03-30' }, '2025-04-30', 'completed_early'],
    [{ dueDate: '2025-03-31', completedOn: '2025-03-31' }, '2025-03-31', 'completed_on_time'],
    [{ dueDate: '2025-03-31', completedOn: '2025-04-01' }, '2025-04-30', 'completed_late'],
    [{ dueDate: '2025-03-31', completedOn: null }, '2025-04-01', 'overdue'],
    [{ dueDate: '2025-03-31', completedOn: null }, '2025-03-31', 'in_progress'],
    [{ dueDate: null, completedOn: '2025-03-01' }, '2025-04-01', 'no_deadline'],
    [{ dueDate: null, completedOn: null }, '2025-04-01', 'no_deadline'],
    // Completed the day after the as-of date: not completed by then.
    [{ dueDate: '2025-03-31', completedOn: '2025-04-02' }, '2025-04-01', 'overdue'],
    [{ dueDate: '2025-04-30', completedOn: '2025-04-02' }, '2025-04-01', 'in_progress'],
  ] as const)('classifies %j as of %s as %s', (task, asOf, expected) => {
    expect(classifyTimeliness(task, asOf)).toBe(expected);
  });

  it('agrees with a restatement of the rules for random dates', () => {
    fc.assert(
      fc.property(
        fc.option(dates, { nil: null }),
        fc.option(dates, { nil: null }),
        dates,
        (dueDate, completedOn, asOf) => {
          const cls = classifyTimeliness({ dueDate, completedOn }, asOf);
          expect(TIMELINESS_CLASSES).toContain(cls);
          const completedByAsOf = completedOn !== null && completedOn <= asOf;
          if (dueDate === null) return cls === 'no_deadline';
          if (completedByAsOf) {
            const order = Math.sign(Date.parse(completedOn!) - Date.parse(dueDate));
            return (
              cls ===
              (['completed_early', 'completed_on_time', 'completed_late'] as const)[order + 1]
            );
          }
          return cls === (Date.parse(dueDate) < Date.parse(asOf) ? 'overdue' : 'in_progress');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes the calendar date of an instant in Asia/Ho_Chi_Minh', () => {
    expect(vnDateOf(new Date('2025-03-31T16:59:59Z'))).toBe('2025-03-31');
    expect(vnDateOf(new Date('2025-03-31T17:00:00Z'))).toBe('2025-04-01');
  });
});
