import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a reorganisation moves besides tasks, users and sub-units (docs/domain.md §9,
 * docs/decisions/0023-reorganisation.md): plans still open, pending plan obligations, inspection
 * rounds not closed and recurrences.
 * - `reorganisations.work_moved_at`: marker of the one transaction that moves plans, obligations
 *   and recurrences and counts them (`plans_moved`, `obligations_moved`, `recurrences_moved`).
 * - `reorganisations.inspection_round_ids`: the rounds to follow the move, recorded once before any
 *   is told; `inspection_rounds_done` those told (each round's workflow moves its own rows);
 *   `findings_moved` the pending findings of the old units in them when recorded.
 * - `plan_obligations.taken_over_by_unit_id`: an old unit's pending obligation whose successor
 *   already had one for the same plan; the successor's implementing plan fulfils both.
 */
export class ReorganisationFollowOn1765300000000 implements MigrationInterface {
  name = 'ReorganisationFollowOn1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reorganisations
        ADD COLUMN work_moved_at timestamptz,
        ADD COLUMN plans_moved int NOT NULL DEFAULT 0,
        ADD COLUMN obligations_moved int NOT NULL DEFAULT 0,
        ADD COLUMN recurrences_moved int NOT NULL DEFAULT 0,
        ADD COLUMN inspection_round_ids uuid[],
        ADD COLUMN inspection_rounds_done uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN findings_moved int NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE plan_obligations ADD COLUMN taken_over_by_unit_id uuid REFERENCES units(id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_obligations DROP COLUMN taken_over_by_unit_id`);
    await q.query(`
      ALTER TABLE reorganisations
        DROP COLUMN work_moved_at,
        DROP COLUMN plans_moved,
        DROP COLUMN obligations_moved,
        DROP COLUMN recurrences_moved,
        DROP COLUMN inspection_round_ids,
        DROP COLUMN inspection_rounds_done,
        DROP COLUMN findings_moved`);
  }
}
