import fc from 'fast-check';
import { classifyTimeliness, reportClassOf, TIMELINESS_CLASSES } from './timeliness';
import { TIMELINESS_CASES, timelinessGrid } from './timeliness.cases';

const dates = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('Timeliness classes (docs/domain.md §3)', () => {
  it.each(TIMELINESS_CASES.map((c) => [c, c.timeliness] as const))(
    'classifies %j as %s',
    (c, expected) => {
      expect(classifyTimeliness(c, c.asOf)).toBe(expected);
    },
  );

  it.each(TIMELINESS_CASES.map((c) => [c, c.report] as const))(
    'counts %j in the report class %s',
    (c, expected) => {
      expect(reportClassOf(c, c.asOf)).toBe(expected);
    },
  );

  it('puts a task cancelled by the as-of date apart, and otherwise in its timeliness class', () => {
    for (const c of timelinessGrid()) {
      const cancelled = c.cancelledOn !== null && c.cancelledOn <= c.asOf;
      expect(reportClassOf(c, c.asOf)).toBe(
        cancelled ? 'cancelled' : classifyTimeliness(c, c.asOf),
      );
    }
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
});
