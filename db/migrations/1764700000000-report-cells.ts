import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_cells`: the province-wide completion report pre-aggregated (issue 9;
 * docs/decisions/0016-report-cells.md). A cell counts the tasks of one group of the province's
 * report (the root's child unit their lead unit lies under, or the root itself) that share every
 * date the report compares, each reduced to its half-month (1st–14th, 15th–end: the ND 09/2019
 * windows run from the 15th to the 14th, calendar months and quarters from the 1st):
 * assignment, due date (and whether it is its half-month's last day), completion, cancellation,
 * and whether the completion was before, on or after the due date. A report whose window starts
 * on a half-month and ends on one is then exact from the cells alone, with no task read; any
 * other window, any filter, and any scope but the root read the tasks as before.
 *
 * 'infinity' stands for "none" (no due date, not completed, not cancelled) so that every cell
 * has a plain primary key; `closed_b` is the earlier of completion and cancellation, for the
 * carried-over block's "still open at the window's start".
 *
 * Kept like `task_counts`: statement-level triggers over transition tables append to
 * `report_cell_changes`, folded in now and then by one transaction at a time; readers add the
 * changes not yet folded. A unit moved under another child of the root rewrites its tasks'
 * `lead_unit_path`, and the update trigger moves their counts.
 */
const FOLD_LOCK = 9_000_700_001;

const KEY = 'top_key, assigned_b, due_b, due_end, completed_b, cancelled_b, done_class';

/** The cell key of task row `r`, as the columns of KEY. */
const cellOf = (r: string) => `
  report_top_key(${r}.lead_unit_path) AS top_key,
  report_half_month(${r}.assigned_on) AS assigned_b,
  coalesce(report_half_month(${r}.due_date), 'infinity') AS due_b,
  coalesce(${r}.due_date + 1 = report_half_month(${r}.due_date + 1), false) AS due_end,
  coalesce(report_half_month(${r}.completed_on), 'infinity') AS completed_b,
  coalesce(report_half_month(${r}.cancelled_on), 'infinity') AS cancelled_b,
  CASE WHEN ${r}.due_date IS NULL OR ${r}.completed_on IS NULL THEN '-'
       WHEN ${r}.completed_on < ${r}.due_date THEN 'e'
       WHEN ${r}.completed_on = ${r}.due_date THEN 'o' ELSE 'l' END AS done_class`;

const SAME_CELL = `o.id = n.id AND o.lead_unit_path = n.lead_unit_path AND o.assigned_on = n.assigned_on
  AND o.due_date IS NOT DISTINCT FROM n.due_date AND o.completed_on IS NOT DISTINCT FROM n.completed_on
  AND o.cancelled_on IS NOT DISTINCT FROM n.cancelled_on`;

export class ReportCells1764700000000 implements MigrationInterface {
  name = 'ReportCells1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION report_half_month(d date) RETURNS date
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN date_trunc('month', d)::date + CASE WHEN extract(day FROM d) >= 15 THEN 14 ELSE 0 END`);
    // The root's child the path lies under ('/root/child/…/'), or the root for the root itself.
    await q.query(`
      CREATE FUNCTION report_top_key(path text) RETURNS uuid
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN coalesce(nullif(split_part(path, '/', 3), ''), split_part(path, '/', 2))::uuid`);
    const columns = `
        top_key uuid NOT NULL,
        assigned_b date NOT NULL,
        due_b date NOT NULL,
        due_end boolean NOT NULL,
        completed_b date NOT NULL,
        cancelled_b date NOT NULL,
        done_class char(1) NOT NULL,
        n bigint NOT NULL`;
    await q.query(`
      CREATE TABLE report_cells (${columns},
        closed_b date GENERATED ALWAYS AS (least(completed_b, cancelled_b)) STORED,
        PRIMARY KEY (${KEY}))`);
    await q.query(`CREATE TABLE report_cell_changes (${columns})`);
    // The window block reads its half-months of assignments; the carried-over block the tasks
    // still open assigned before the window, and those closed since its start.
    await q.query(
      `CREATE INDEX report_cells_assigned_idx ON report_cells (assigned_b) INCLUDE (top_key, due_b, due_end, completed_b, cancelled_b, done_class, n)`,
    );
    await q.query(
      `CREATE INDEX report_cells_closed_idx ON report_cells (closed_b, assigned_b) INCLUDE (top_key, due_b, due_end, completed_b, cancelled_b, done_class, n) WHERE closed_b <> 'infinity'`,
    );
    await q.query(
      `CREATE INDEX report_cells_open_idx ON report_cells (assigned_b) INCLUDE (top_key, due_b, due_end, n) WHERE closed_b = 'infinity'`,
    );
    await q.query(`
      CREATE FUNCTION report_cells_fold() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(${FOLD_LOCK}) THEN
          RETURN;
        END IF;
        -- A cell that empties keeps its row with n = 0: readers sum, and its key is likely to
        -- fill again (another task of that unit group and half-month).
        WITH moved AS (DELETE FROM report_cell_changes RETURNING *)
        INSERT INTO report_cells AS c (${KEY}, n)
        SELECT ${KEY}, sum(n) FROM moved GROUP BY ${KEY} ORDER BY ${KEY}
        ON CONFLICT (${KEY}) DO UPDATE SET n = c.n + excluded.n;
      END $$`);
    const append = (rows: string) => `
        INSERT INTO report_cell_changes (${KEY}, n)
        SELECT ${KEY}, sum(d) FROM (${rows}) x GROUP BY ${KEY}`;
    const trigger = async (op: string, rows: string, referencing: string) => {
      await q.query(`
        CREATE FUNCTION report_cells_${op.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${append(rows)};
          IF random() < 0.05 THEN
            PERFORM report_cells_fold();
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER report_cells_${op.toLowerCase()} AFTER ${op} ON tasks
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION report_cells_${op.toLowerCase()}()`);
    };
    await trigger(
      'INSERT',
      `SELECT ${cellOf('n')}, 1 AS d FROM new_rows n`,
      'NEW TABLE AS new_rows',
    );
    await trigger(
      'UPDATE',
      `SELECT ${cellOf('n')}, 1 AS d FROM new_rows n
         WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE ${SAME_CELL})
       UNION ALL
       SELECT ${cellOf('o')}, -1 AS d FROM old_rows o
         WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE ${SAME_CELL})`,
      'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    );
    await trigger(
      'DELETE',
      `SELECT ${cellOf('o')}, -1 AS d FROM old_rows o`,
      'OLD TABLE AS old_rows',
    );
    await q.query(`
      CREATE FUNCTION report_cells_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE report_cells, report_cell_changes;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_cells_truncate AFTER TRUNCATE ON tasks
        FOR EACH STATEMENT EXECUTE FUNCTION report_cells_truncate()`);
    await q.query(`
      INSERT INTO report_cells (${KEY}, n)
      SELECT ${KEY}, count(*) FROM (SELECT ${cellOf('t')} FROM tasks t) x GROUP BY ${KEY}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['truncate', 'delete', 'update', 'insert']) {
      await q.query(`DROP TRIGGER report_cells_${op} ON tasks`);
      await q.query(`DROP FUNCTION report_cells_${op}()`);
    }
    await q.query(`DROP FUNCTION report_cells_fold()`);
    await q.query(`DROP TABLE report_cell_changes`);
    await q.query(`DROP TABLE report_cells`);
    await q.query(`DROP FUNCTION report_top_key(text)`);
    await q.query(`DROP FUNCTION report_half_month(date)`);
  }
}
