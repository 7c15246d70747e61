import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of issue 9 (docs/decisions/0012-list-indexes.md):
 *
 * - Every test of the visibility rule on an index (assigner, assignee, reviewers new; partial GIN
 *   indexes for the arrays), so the planner gathers what a department sees for other reasons than
 *   its lead units with a BitmapOr; the lead path index covers the common filters.
 * - `task_counts`: tasks per (lead unit, status, class), kept by statement-level triggers over
 *   transition tables (which append to `task_count_changes`, folded in now and then), so the
 *   unfiltered dashboard counts sum a few rows per unit instead of counting every task. The
 *   class is the time-independent part of the timeliness class (`no_deadline`, the three
 *   completed classes, or `open`); `open` is split into overdue and in progress at read time by
 *   counting the not-yet-due open tasks on `tasks_pending_due_idx`. `max_completed_on` lets the
 *   reader detect a completion dated after its "today" (then it counts the rows instead).
 */
/** The advisory lock that lets one transaction at a time fold changes into `task_counts`. */
const FOLD_LOCK = 9_000_500_001;

export class TaskCountsAndVisibility1764500000000 implements MigrationInterface {
  name = 'TaskCountsAndVisibility1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_assigner_idx ON tasks (assigner_id)`);
    await q.query(
      `CREATE INDEX tasks_assignee_idx ON tasks (assignee_id) WHERE assignee_id IS NOT NULL`,
    );
    // Partial: the planner costs a GIN scan from the clause's selectivity, which it cannot know
    // for arrays that are (nearly) all empty (no element statistics), and then prefers a
    // sequential scan; the partial index holds the non-empty arrays only, so it is small and
    // costed as such. Queries add `<> '{}'` to match it (visibleTaskArms).
    await q.query(`DROP INDEX tasks_coordinating_idx`);
    await q.query(`DROP INDEX tasks_watchers_idx`);
    for (const column of ['coordinating_unit_ids', 'watcher_ids', 'reviewer_ids']) {
      const name = {
        coordinating_unit_ids: 'coordinating',
        watcher_ids: 'watchers',
        reviewer_ids: 'reviewers',
      }[column];
      await q.query(
        `CREATE INDEX tasks_${name}_idx ON tasks USING gin (${column}) WHERE ${column} <> '{}'`,
      );
    }
    // A department's lists read their subtree's range of this index and filter it without the
    // table (index-only) on the columns of the common filters, then sort the matches.
    await q.query(`DROP INDEX tasks_lead_path_idx`);
    await q.query(`
      CREATE INDEX tasks_lead_path_idx ON tasks (lead_unit_path text_pattern_ops, assigned_at DESC, id DESC)
        INCLUDE (status, due_date, completed_on)`);
    await q.query(`
      CREATE INDEX tasks_pending_due_idx ON tasks (due_date) INCLUDE (lead_unit_id, status)
        WHERE completed_on IS NULL AND status <> 'cancelled' AND due_date IS NOT NULL`);

    await q.query(`
      CREATE FUNCTION task_count_class(due date, done date) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN due IS NULL THEN 'no_deadline' WHEN done IS NULL THEN 'open'
                    WHEN done < due THEN 'completed_early' WHEN done = due THEN 'completed_on_time'
                    ELSE 'completed_late' END`);
    await q.query(`
      CREATE TABLE task_counts (
        lead_unit_id uuid NOT NULL,
        status varchar(20) NOT NULL,
        class varchar(20) NOT NULL,
        n bigint NOT NULL,
        max_completed_on date,
        PRIMARY KEY (lead_unit_id, status, class)
      )`);
    // Writers append their changes here instead of updating the totals: a task insert that
    // updated its bucket's row held that row locked until it committed, so concurrent writers to
    // one unit (a plan issuing 2 000 tasks) ran one after another. Readers add the changes to
    // the totals; every twentieth statement or so folds them in (one folder at a time).
    await q.query(`
      CREATE TABLE task_count_changes (
        lead_unit_id uuid NOT NULL,
        status varchar(20) NOT NULL,
        class varchar(20) NOT NULL,
        n bigint NOT NULL,
        max_completed_on date
      )`);
    await q.query(`
      CREATE FUNCTION task_counts_fold() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(${FOLD_LOCK}) THEN
          RETURN;
        END IF;
        WITH moved AS (DELETE FROM task_count_changes RETURNING *)
        INSERT INTO task_counts AS c (lead_unit_id, status, class, n, max_completed_on)
        SELECT lead_unit_id, status, class, sum(n), max(max_completed_on) FROM moved
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (lead_unit_id, status, class) DO UPDATE
          SET n = c.n + excluded.n,
              max_completed_on = greatest(c.max_completed_on, excluded.max_completed_on);
      END $$`);
    // One statement per trigger run, whatever the number of rows (bulk imports, generators):
    // rows grouped by bucket. An update records a change only when a bucket changes.
    const append = (rows: string) => `
        INSERT INTO task_count_changes (lead_unit_id, status, class, n, max_completed_on)
        SELECT lead_unit_id, status, class, sum(d), max(completed_on) FROM (${rows}) x
        GROUP BY 1, 2, 3`;
    const bucket = (r: string, d: number, done: string) =>
      `SELECT ${r}.lead_unit_id, ${r}.status,
              task_count_class(${r}.due_date, ${r}.completed_on) AS class, ${d} AS d, ${done} AS completed_on`;
    const sameBucket = `o.id = n.id AND o.lead_unit_id = n.lead_unit_id AND o.status = n.status
          AND task_count_class(o.due_date, o.completed_on) = task_count_class(n.due_date, n.completed_on)`;
    const trigger = async (op: string, rows: string, referencing: string) => {
      await q.query(`
        CREATE FUNCTION task_counts_${op.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${append(rows)};
          IF random() < 0.05 THEN
            PERFORM task_counts_fold();
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER task_counts_${op.toLowerCase()} AFTER ${op} ON tasks
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION task_counts_${op.toLowerCase()}()`);
    };
    await trigger(
      'INSERT',
      bucket('n', 1, 'n.completed_on') + ' FROM new_rows n',
      'NEW TABLE AS new_rows',
    );
    await trigger(
      'UPDATE',
      `${bucket('n', 1, 'n.completed_on')} FROM new_rows n
         WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE ${sameBucket})
       UNION ALL
       ${bucket('o', -1, 'NULL::date')} FROM old_rows o
         WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE ${sameBucket})`,
      'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    );
    await trigger(
      'DELETE',
      bucket('o', -1, 'NULL::date') + ' FROM old_rows o',
      'OLD TABLE AS old_rows',
    );
    await q.query(`
      CREATE FUNCTION task_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE task_counts, task_count_changes;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER task_counts_truncate AFTER TRUNCATE ON tasks
        FOR EACH STATEMENT EXECUTE FUNCTION task_counts_truncate()`);
    await q.query(`
      INSERT INTO task_counts (lead_unit_id, status, class, n, max_completed_on)
      SELECT lead_unit_id, status, task_count_class(due_date, completed_on), count(*), max(completed_on)
      FROM tasks GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['truncate', 'delete', 'update', 'insert']) {
      await q.query(`DROP TRIGGER task_counts_${op} ON tasks`);
      await q.query(`DROP FUNCTION task_counts_${op}()`);
    }
    await q.query(`DROP FUNCTION task_counts_fold()`);
    await q.query(`DROP TABLE task_count_changes`);
    await q.query(`DROP TABLE task_counts`);
    await q.query(`DROP FUNCTION task_count_class(date, date)`);
    await q.query(`DROP INDEX tasks_pending_due_idx`);
    await q.query(`DROP INDEX tasks_lead_path_idx`);
    await q.query(
      `CREATE INDEX tasks_lead_path_idx ON tasks (lead_unit_path text_pattern_ops, assigned_at DESC, id DESC)`,
    );
    await q.query(`DROP INDEX tasks_reviewers_idx`);
    await q.query(`DROP INDEX tasks_watchers_idx`);
    await q.query(`DROP INDEX tasks_coordinating_idx`);
    await q.query(`CREATE INDEX tasks_coordinating_idx ON tasks USING gin (coordinating_unit_ids)`);
    await q.query(`CREATE INDEX tasks_watchers_idx ON tasks USING gin (watcher_ids)`);
    await q.query(`DROP INDEX tasks_assignee_idx`);
    await q.query(`DROP INDEX tasks_assigner_idx`);
  }
}
