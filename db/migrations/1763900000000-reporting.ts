import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting: calendar-date columns (Asia/Ho_Chi_Minh) written by the task activities so reports
 * compare dates on indexes, covering indexes for the completion report, and immutable snapshots.
 */
export class Reporting1763900000000 implements MigrationInterface {
  name = 'Reporting1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN assigned_on date,
        ADD COLUMN completed_on date,
        ADD COLUMN cancelled_on date`);
    await q.query(`
      UPDATE tasks SET
        assigned_on = (assigned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
        completed_on = (completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
        cancelled_on = CASE WHEN status = 'cancelled'
          THEN (updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END`);
    await q.query(`ALTER TABLE tasks ALTER COLUMN assigned_on SET NOT NULL`);
    // Province-wide windows scan by date; unit reports by unit then date. Both cover the columns
    // the report reads, so PostgreSQL answers from the index alone.
    await q.query(`
      CREATE INDEX tasks_report_by_date_idx ON tasks (assigned_on)
        INCLUDE (lead_unit_id, due_date, completed_on, cancelled_on, source, area)`);
    await q.query(`
      CREATE INDEX tasks_report_by_unit_idx ON tasks (lead_unit_id, assigned_on)
        INCLUDE (due_date, completed_on, cancelled_on, source, area)`);

    await q.query(`
      CREATE TABLE report_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        period_type varchar(20) NOT NULL,
        period_year int NOT NULL,
        period_number int NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        version int NOT NULL,
        report jsonb NOT NULL,
        headline text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT report_snapshots_version_key
          UNIQUE (unit_id, period_type, period_year, period_number, version)
      )`);
    // Published figures never change: updates and deletes are refused by the database itself.
    await q.query(`
      CREATE FUNCTION report_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report snapshots are immutable; generate a new version instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER report_snapshots_immutable BEFORE UPDATE OR DELETE ON report_snapshots
        FOR EACH ROW EXECUTE FUNCTION report_snapshots_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP FUNCTION report_snapshots_immutable()`);
    await q.query(`DROP INDEX tasks_report_by_unit_idx`);
    await q.query(`DROP INDEX tasks_report_by_date_idx`);
    await q.query(
      `ALTER TABLE tasks DROP COLUMN assigned_on, DROP COLUMN completed_on, DROP COLUMN cancelled_on`,
    );
  }
}
