import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reorganisation_unit_moves`: each sub-unit (phòng) a reorganisation moved under the successor,
 * with its path before and after, so that a report can show the organisation as it stood before
 * the effective date (docs/domain.md §5 "Which organisation", §9). Written in the transaction that
 * moves the sub-unit.
 */
export class ReorganisationUnitMoves1765200000000 implements MigrationInterface {
  name = 'ReorganisationUnitMoves1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reorganisation_unit_moves (
        reorganisation_id uuid NOT NULL REFERENCES reorganisations(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        from_parent_id uuid NOT NULL REFERENCES units(id),
        from_path text NOT NULL,
        to_path text NOT NULL,
        PRIMARY KEY (reorganisation_id, unit_id)
      )`);
    // A report's "task as of the window's start" looks the task's moves up by task.
    await q.query(
      `CREATE INDEX reorganisation_task_moves_task_idx ON reorganisation_task_moves (task_id)
       WHERE outcome = 'moved'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reorganisation_task_moves_task_idx`);
    await q.query(`DROP TABLE reorganisation_unit_moves`);
  }
}
