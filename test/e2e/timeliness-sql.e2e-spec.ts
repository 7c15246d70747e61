import { Client } from 'pg';
import {
  reportClassOf,
  classifyTimeliness,
  TIMELINESS_CLASSES,
} from '../../libs/domain/timeliness';
import { TIMELINESS_CASES, timelinessGrid } from '../../libs/domain/timeliness.cases';
import {
  openOverdueSql,
  reportClassPredicates,
  timelinessSql,
} from '../../libs/domain/timeliness.sql';
import { testEnv } from '../support/test-env';

/**
 * The SQL twins of the timeliness rule (libs/domain/timeliness.sql.ts) evaluated by PostgreSQL on
 * the same cases as the TypeScript functions (libs/domain/timeliness.cases.ts): the lists' CASE
 * expression and the reports' class predicates must be the same rule (docs/domain.md §3, §5).
 */
type Row = {
  dueDate: string | null;
  completedOn: string | null;
  cancelledOn: string | null;
  asOf: string;
};

const REPORT_CLASSES = [...TIMELINESS_CLASSES, 'cancelled'] as const;

describe('Timeliness in SQL is the rule in TypeScript', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: testEnv('adminUrl') });
    await db.connect();
  });
  afterAll(() => db.end());

  /** Each row's timeliness class and report class, as PostgreSQL computes them. */
  async function evaluate(rows: Row[], asOf: (alias: string) => string) {
    const predicates = reportClassPredicates('t', asOf('t'));
    // A task is counted in class c when NOT cancelled AND c, or in 'cancelled' when cancelled.
    const reportClass = `CASE WHEN ${predicates.cancelled} THEN ARRAY['cancelled']
      ELSE array_remove(ARRAY[${TIMELINESS_CLASSES.map(
        (c) => `CASE WHEN ${predicates[c]} THEN '${c}' END`,
      ).join(', ')}], NULL) END`;
    const { rows: out } = await db.query<{ timeliness: string; report: string[] }>(
      `SELECT ${timelinessSql('t', asOf('t'))} AS timeliness, ${reportClass} AS report
       FROM unnest($1::int[], $2::date[], $3::date[], $4::date[], $5::date[])
            AS t(i, due_date, completed_on, cancelled_on, as_of)
       ORDER BY t.i`,
      [
        rows.map((_, i) => i),
        rows.map((r) => r.dueDate),
        rows.map((r) => r.completedOn),
        rows.map((r) => r.cancelledOn),
        rows.map((r) => r.asOf),
      ],
    );
    expect(out).toHaveLength(rows.length);
    return out;
  }

  it('classifies every hand-checked case as the table says', async () => {
    const out = await evaluate([...TIMELINESS_CASES], (t) => `${t}.as_of`);
    const got = TIMELINESS_CASES.map((c, i) => ({
      ...c,
      timeliness: out[i].timeliness,
      report: out[i].report,
    }));
    expect(got).toEqual(TIMELINESS_CASES.map((c) => ({ ...c, report: [c.report] })));
  });

  it('agrees with classifyTimeliness and reportClassOf on every ordering of the dates', async () => {
    const grid = timelinessGrid();
    const out = await evaluate(grid, (t) => `${t}.as_of`);
    const mismatches = grid.flatMap((c, i) => {
      const expected = {
        timeliness: classifyTimeliness(c, c.asOf),
        report: [reportClassOf(c, c.asOf)],
      };
      const got = { timeliness: out[i].timeliness, report: out[i].report };
      return JSON.stringify(got) === JSON.stringify(expected) ? [] : [{ case: c, expected, got }];
    });
    expect(mismatches).toEqual([]);
    expect(grid.length).toBeGreaterThan(1000);
  });

  it('takes the as-of date from a bound parameter as the lists and reports do', async () => {
    for (const asOf of ['2024-12-31', '2025-01-01', '2025-01-02']) {
      const rows = timelinessGrid().filter((c) => c.asOf === asOf);
      const predicates = reportClassPredicates('t', '$6::date');
      const { rows: out } = await db.query<
        { timeliness: string; cancelled: boolean } & Record<string, unknown>
      >(
        `SELECT ${timelinessSql('t', '$6::date')} AS timeliness,
                ${REPORT_CLASSES.map((c) => `${predicates[c]} AS "${c}"`).join(', ')}
         FROM unnest($1::int[], $2::date[], $3::date[], $4::date[], $5::date[])
              AS t(i, due_date, completed_on, cancelled_on, as_of)
         ORDER BY t.i`,
        [
          rows.map((_, i) => i),
          rows.map((r) => r.dueDate),
          rows.map((r) => r.completedOn),
          rows.map((r) => r.cancelledOn),
          rows.map((r) => r.asOf),
          asOf,
        ],
      );
      // Exactly the task's timeliness class holds, whatever its cancellation.
      const expected = rows.map((c) => {
        const timeliness = classifyTimeliness(c, asOf);
        return {
          timeliness,
          ...Object.fromEntries(TIMELINESS_CLASSES.map((cls) => [cls, cls === timeliness])),
          cancelled: reportClassOf(c, asOf) === 'cancelled',
        };
      });
      expect(out).toEqual(expected);
    }
  });

  it('finds an open task overdue exactly when its class is overdue, never a closed one', async () => {
    const grid = timelinessGrid().filter((c) => c.cancelledOn === null);
    const { rows: out } = await db.query<{ open: boolean; closed: boolean }>(
      `SELECT ${openOverdueSql('o', 't.as_of')} AS open, ${openOverdueSql('c', 't.as_of')} AS closed
       FROM unnest($1::int[], $2::date[], $3::date[], $4::date[])
            AS t(i, due_date, completed_on, as_of)
       CROSS JOIN LATERAL (SELECT 'in_progress' AS status, t.due_date) o
       CROSS JOIN LATERAL (SELECT CASE WHEN t.i % 2 = 0 THEN 'completed' ELSE 'cancelled' END AS status,
                                  t.due_date) c
       ORDER BY t.i`,
      [
        grid.map((_, i) => i),
        grid.map((r) => r.dueDate),
        grid.map((r) => r.completedOn),
        grid.map((r) => r.asOf),
      ],
    );
    // As the task is still open, its class as of asOf ignores any later completion.
    const expected = grid.map((c) => ({
      open: classifyTimeliness({ dueDate: c.dueDate, completedOn: null }, c.asOf) === 'overdue',
      closed: false,
    }));
    expect(out.map((r) => ({ open: r.open ?? false, closed: r.closed ?? false }))).toEqual(
      expected,
    );
    expect(expected.some((e) => e.open)).toBe(true);
  });

  it("gives the completion report's predicates word for word", () => {
    const p = reportClassPredicates('t', '$2::date');
    const done = '(t.completed_on IS NOT NULL AND t.completed_on <= $2::date)';
    expect(p).toEqual({
      completed_early: `(t.due_date IS NOT NULL AND ${done} AND t.completed_on < t.due_date)`,
      completed_on_time: `(t.due_date IS NOT NULL AND ${done} AND t.completed_on = t.due_date)`,
      completed_late: `(t.due_date IS NOT NULL AND ${done} AND t.completed_on > t.due_date)`,
      overdue: `(t.due_date IS NOT NULL AND NOT ${done} AND t.due_date < $2::date)`,
      in_progress: `(t.due_date IS NOT NULL AND NOT ${done} AND t.due_date >= $2::date)`,
      no_deadline: '(t.due_date IS NULL)',
      cancelled: '(t.cancelled_on IS NOT NULL AND t.cancelled_on <= $2::date)',
    });
  });
});
