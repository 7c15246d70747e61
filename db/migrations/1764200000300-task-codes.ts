import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims on task codes, taken in one statement before any workflow starts: parallel assignments
 * (single or bulk) with one code find the claim already made and are refused at once, so a bulk
 * request is all or nothing and no workflow is started for a code another request holds.
 */
export class TaskCodes1764200000300 implements MigrationInterface {
  name = 'TaskCodes1764200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_codes (
        assigning_unit_id uuid NOT NULL REFERENCES units(id),
        code varchar(64) NOT NULL,
        task_id uuid NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (assigning_unit_id, code)
      )`);
    await q.query(`
      INSERT INTO task_codes (assigning_unit_id, code, task_id, claimed_at)
      SELECT assigning_unit_id, code, id, assigned_at FROM tasks WHERE code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_codes`);
  }
}
