import { seedOrganization } from '../../db/seeds/demo-organization';
import { COUNT_NAMES, CompletionReportService } from '../../libs/reports/completion-report.service';
import { servedByCells } from '../../libs/reports/report-cells';
import { TestStack } from '../support/test-stack';

interface Row {
  lead: string;
  path: string;
  assigned: string;
  due: string | null;
  completed: string | null;
  cancelled: string | null;
}

const COUNTS = COUNT_NAMES;
type Counts = Record<(typeof COUNTS)[number], number>;

/**
 * The province-wide report from `report_cells` against a plain oracle over the rows: generated
 * tasks with due dates and completions on every kind of half-month boundary, then completions,
 * cancellations, deletions and a unit moved to another department, checked before and after the
 * changes are folded into the cells.
 */
describe('Province report from pre-aggregated cells', () => {
  let stack: TestStack;
  let reports: CompletionReportService;
  let root: { id: string; path: string };

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    await seedOrganization(stack.api);
    reports = stack.api.get(CompletionReportService);
    [root] = await stack.db.query(`SELECT id, path FROM units WHERE parent_id IS NULL`);
    const [{ assigner }] = await stack.db.query(`SELECT id AS assigner FROM users LIMIT 1`);
    await stack.db.query(`SELECT setseed(0.17)`);
    // Days picked so that many fall on the 14th, the 15th and months' last days.
    await stack.db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY code) AS ids FROM units),
            g AS (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4
                  FROM generate_series(1, 3000) i),
            d AS (SELECT g.*, CASE WHEN r4 < 0.3 THEN date_trunc('month', date '2024-01-01' + (r1 * 900)::int)::date + 13
                                   WHEN r4 < 0.5 THEN (date_trunc('month', date '2024-01-01' + (r1 * 900)::int) + interval '1 month - 1 day')::date
                                   ELSE date '2024-01-01' + (r1 * 900)::int END AS assigned
                  FROM g)
       INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id, due_date,
         original_due_date, status, assigned_at, assigned_on, completed_at, completed_on, cancelled_on,
         workflow_id, version)
       SELECT id, 'Nhiệm vụ ' || i, 'ubnd_tinh', $1, lead, lead, due, due,
              CASE WHEN cancelled IS NOT NULL THEN 'cancelled' WHEN completed IS NOT NULL THEN 'completed' ELSE 'in_progress' END,
              assigned::timestamptz, assigned, completed::timestamptz, completed, cancelled, 'task-' || id, 1
       FROM (SELECT gen_random_uuid() AS id, i, u.ids[1 + (i % array_length(u.ids, 1))] AS lead, assigned,
                    CASE WHEN r2 < 0.1 THEN NULL
                         WHEN r2 < 0.3 THEN (date_trunc('month', assigned + 20) + interval '1 month - 1 day')::date
                         WHEN r2 < 0.45 THEN date_trunc('month', assigned + 20)::date + 13
                         ELSE assigned + 5 + (r2 * 60)::int END AS due,
                    CASE WHEN r3 < 0.4 THEN NULL WHEN r3 < 0.43 THEN NULL
                         ELSE assigned + (r3 * 80)::int END AS completed,
                    CASE WHEN r3 >= 0.4 AND r3 < 0.43 THEN assigned + 30 END AS cancelled
             FROM d, u) s`,
      [assigner],
    );
  }, 120_000);
  afterAll(() => stack.close());

  async function oracle(from: string, to: string, block: 'window' | 'carriedOver') {
    const rows: Row[] = await stack.db.query(
      `SELECT lead_unit_id AS lead, lead_unit_path AS path, assigned_on::text AS assigned,
              due_date::text AS due, completed_on::text AS completed, cancelled_on::text AS cancelled
       FROM tasks`,
    );
    const groups = new Map<string, Counts>();
    const totals = Object.fromEntries(COUNTS.map((c) => [c, 0])) as Counts;
    for (const t of rows) {
      const inWindow = t.assigned >= from && t.assigned <= to;
      const carried =
        t.assigned < from &&
        (t.completed === null || t.completed >= from) &&
        (t.cancelled === null || t.cancelled >= from);
      if (block === 'window' ? !inWindow : !carried) continue;
      const key = t.path.split('/')[2] || t.path.split('/')[1];
      const g = groups.get(key) ?? (Object.fromEntries(COUNTS.map((c) => [c, 0])) as Counts);
      groups.set(key, g);
      const x = t.cancelled !== null && t.cancelled <= to;
      const done = t.completed !== null && t.completed <= to;
      const add = (c: keyof Counts) => {
        g[c]++;
        totals[c]++;
      };
      if (x) {
        add('cancelled');
        continue;
      }
      add('total');
      if (t.due === null) add('noDeadline');
      else {
        if (done && t.completed! < t.due) add('completedEarly');
        if (done && t.completed! === t.due) add('completedOnTime');
        if (done && t.completed! > t.due) add('completedLate');
        if (!done && t.due < to) add('overdueIncomplete');
        if (!done && t.due >= to) add('inProgressNotDue');
        if (t.due <= to) add('alreadyDue');
      }
    }
    return { totals, groups };
  }

  const WINDOWS: [string, string][] = [
    ['2024-12-15', '2025-03-14'], // ND 09/2019 quarter I
    ['2025-06-15', '2025-09-14'], // quarter III
    ['2024-12-15', '2025-12-14'], // year
    ['2025-04-01', '2025-06-30'], // calendar quarter
    ['2025-02-01', '2025-02-28'], // a short month
    ['2025-02-15', '2025-02-28'], // one half-month
    ['2024-01-01', '2026-06-30'], // everything
  ];

  async function expectCellsMatchRows() {
    for (const [from, to] of WINDOWS) {
      const scope = { id: root.id, path: root.path };
      expect(servedByCells(scope, { from, to })).toBe(true);
      expect(servedByCells(scope, { from, to, groupBy: 'unit' })).toBe(true);
      const [flat, byUnit] = await Promise.all([
        reports.report(null, { scope: 'UBND', from, to }),
        reports.report(null, { scope: 'UBND', from, to, groupBy: 'unit' }),
      ]);
      for (const block of ['window', 'carriedOver'] as const) {
        const want = await oracle(from, to, block);
        const pick = (c: object) =>
          Object.fromEntries(COUNTS.map((k) => [k, (c as Record<string, unknown>)[k]]));
        expect({ from, to, block, totals: pick(flat[block].totals) }).toEqual({
          from,
          to,
          block,
          totals: want.totals,
        });
        expect(pick(byUnit[block].totals)).toEqual(want.totals);
        const got = Object.fromEntries(byUnit[block].groups.map((g) => [g.key, pick(g)]));
        expect({ from, to, block, groups: got }).toEqual({
          from,
          to,
          block,
          groups: Object.fromEntries(want.groups),
        });
      }
    }
  }

  it('gives the rows’ figures for every half-month-aligned window', async () => {
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM tasks`);
    expect(n).toBeGreaterThanOrEqual(3000);
    await stack.db.query(`SELECT report_cells_fold()`);
    await expectCellsMatchRows();
  }, 120_000);

  it('follows completions, cancellations, deletions and a unit moved, folded or not', async () => {
    const db = stack.db;
    await db.query(
      `UPDATE tasks SET status = 'completed', completed_on = coalesce(due_date, assigned_on + 3)
       WHERE completed_on IS NULL AND cancelled_on IS NULL AND random() < 0.3`,
    );
    await db.query(
      `UPDATE tasks SET status = 'cancelled', cancelled_on = assigned_on + 1
       WHERE completed_on IS NULL AND cancelled_on IS NULL AND random() < 0.2`,
    );
    await db.query(`DELETE FROM tasks WHERE random() < 0.05`);
    // A division moved under another department: its tasks change group.
    const [moved] = await db.query(
      `SELECT c.id, c.path, c.parent_id FROM units c JOIN units p ON p.id = c.parent_id
       WHERE p.parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM tasks t WHERE t.lead_unit_id = c.id)
       ORDER BY c.code LIMIT 1`,
    );
    const [target] = await db.query(
      `SELECT id, path FROM units WHERE parent_id = $1 AND id <> $2 ORDER BY code LIMIT 1`,
      [root.id, moved.parent_id],
    );
    await db.query(`UPDATE units SET parent_id = $1, path = $2 || id || '/' WHERE id = $3`, [
      target.id,
      target.path,
      moved.id,
    ]);
    const [{ lead }] = await db.query(
      `SELECT count(*)::int AS lead FROM tasks WHERE lead_unit_id = $1 AND lead_unit_path LIKE $2`,
      [moved.id, `${target.path}%`],
    );
    expect(lead).toBeGreaterThan(0);
    const [{ pending }] = await db.query(
      `SELECT count(*)::int AS pending FROM report_cell_changes`,
    );
    expect(pending).toBeGreaterThan(0);
    await expectCellsMatchRows();
    await db.query(`SELECT report_cells_fold()`);
    const [{ left }] = await db.query(`SELECT count(*)::int AS left FROM report_cell_changes`);
    expect(left).toBe(0);
    await expectCellsMatchRows();
  }, 180_000);

  it('leaves filtered, unaligned and below-the-root reports to the rows', () => {
    const scope = { id: root.id, path: root.path };
    expect(servedByCells(scope, { from: '2025-06-16', to: '2025-09-14' })).toBe(false);
    expect(servedByCells(scope, { from: '2025-06-15', to: '2025-09-15' })).toBe(false);
    expect(servedByCells(scope, { from: '2025-06-15', to: '2025-09-14', source: 'x' })).toBe(false);
    expect(servedByCells(scope, { from: '2025-06-15', to: '2025-09-14', groupBy: 'area' })).toBe(
      false,
    );
    expect(
      servedByCells({ id: 'a', path: `${root.path}a/` }, { from: '2025-06-15', to: '2025-09-14' }),
    ).toBe(false);
  });
});
