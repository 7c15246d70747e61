import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `written_due_date`: the due date as the assigning document wrote it (issue 13;
 * docs/decisions/0021-effective-deadline.md). From here on `due_date` is the effective deadline
 * that timeliness, lists, the digest and reports compare with: the written date moved past
 * weekends and holidays when DEADLINE_ON_NON_WORKING_DAY is `next_working_day` (Điều 148). The
 * pre-aggregations (`task_counts`, `report_cells`) and the indexes keep reading `due_date`.
 *
 * Every existing row starts with both equal; the worker re-derives `due_date` from the written
 * date and the working calendar at start-up (`DeadlineService.recompute`), and the triggers on
 * `tasks` move the counts of the rows it changes. This update leaves `due_date` as it is, so the
 * triggers have nothing to move and are skipped for it. A row inserted without a written date
 * (a bulk load in SQL) takes its `due_date` as written.
 */
export class WrittenDueDate1764900000000 implements MigrationInterface {
  name = 'WrittenDueDate1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN written_due_date date`);
    await q.query(`ALTER TABLE tasks DISABLE TRIGGER USER`);
    await q.query(`UPDATE tasks SET written_due_date = due_date WHERE due_date IS NOT NULL`);
    await q.query(`ALTER TABLE tasks ENABLE TRIGGER USER`);
    await q.query(`
      CREATE FUNCTION tasks_written_due_date() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.written_due_date := coalesce(NEW.written_due_date, NEW.due_date);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tasks_written_due_date BEFORE INSERT ON tasks
        FOR EACH ROW EXECUTE FUNCTION tasks_written_due_date()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tasks_written_due_date ON tasks`);
    await q.query(`DROP FUNCTION tasks_written_due_date()`);
    await q.query(
      `UPDATE tasks SET due_date = written_due_date WHERE due_date <> written_due_date`,
    );
    await q.query(`ALTER TABLE tasks DROP COLUMN written_due_date`);
  }
}
