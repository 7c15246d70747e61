import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reorganisation of units with history kept (issue 13 §4; docs/domain.md §9;
 * docs/decisions/0023-reorganisation.md).
 * - `units.dissolved_on`: the day a unit stopped existing (merged, absorbed, split or dissolved). The
 *   row stays so completed work and document symbols keep pointing at it.
 * - `unit_names`: a renamed unit's former names and codes with the days they were in use.
 * - `reorganisations`: one per operation, scheduled for its effective date and carried out by the
 *   workflow `reorganisation-<id>`, with what it moved.
 * - `reorganisation_task_moves`: each open task it moves, recorded before the move so a retried
 *   activity moves nothing twice.
 */
export class Reorganisation1765100000000 implements MigrationInterface {
  name = 'Reorganisation1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN dissolved_on date`);
    await q.query(`
      CREATE TABLE reorganisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL
          CHECK (kind IN ('rename', 'merge', 'absorb', 'split', 'dissolve')),
        effective_on date NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'running', 'completed', 'cancelled', 'failed')),
        source_unit_ids uuid[] NOT NULL CHECK (cardinality(source_unit_ids) > 0),
        successor_unit_ids uuid[] NOT NULL DEFAULT '{}',
        default_successor_id uuid,
        task_assignments jsonb NOT NULL DEFAULT '[]',
        new_unit jsonb,
        new_name varchar(255),
        new_code varchar(32),
        decision varchar(200),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        units_changed_at timestamptz,
        finished_at timestamptz,
        cancelled_at timestamptz,
        tasks_moved int NOT NULL DEFAULT 0,
        tasks_skipped int NOT NULL DEFAULT 0,
        users_moved int NOT NULL DEFAULT 0,
        units_moved int NOT NULL DEFAULT 0,
        failure text
      )`);
    await q.query(
      `CREATE INDEX reorganisations_sources_idx ON reorganisations USING gin (source_unit_ids)`,
    );
    await q.query(`
      CREATE TABLE reorganisation_task_moves (
        reorganisation_id uuid NOT NULL REFERENCES reorganisations(id),
        task_id uuid NOT NULL REFERENCES tasks(id),
        from_unit_id uuid NOT NULL REFERENCES units(id),
        to_unit_id uuid NOT NULL REFERENCES units(id),
        outcome varchar(16) CHECK (outcome IN ('moved', 'skipped')),
        done_at timestamptz,
        PRIMARY KEY (reorganisation_id, task_id)
      )`);
    await q.query(`
      CREATE TABLE unit_names (
        unit_id uuid NOT NULL REFERENCES units(id),
        name varchar(255) NOT NULL,
        code varchar(32) NOT NULL,
        valid_from date,
        valid_to date NOT NULL,
        reorganisation_id uuid NOT NULL UNIQUE REFERENCES reorganisations(id),
        PRIMARY KEY (unit_id, valid_to)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_names`);
    await q.query(`DROP TABLE reorganisation_task_moves`);
    await q.query(`DROP TABLE reorganisations`);
    await q.query(`ALTER TABLE units DROP COLUMN dissolved_on`);
  }
}
