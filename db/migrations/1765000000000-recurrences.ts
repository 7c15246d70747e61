import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring tasks (issue 13 §1; docs/domain.md §8; docs/decisions/0022-recurring-tasks.md).
 * `recurrences` holds the template and the rule; its Temporal Schedule (`recurrence-<id>`) runs it.
 * `recurrence_occurrences` records each occurrence the schedule created — one per period and
 * unit, whatever the retries — with the id of its task (name-based, so a retried start finds the
 * same task). Its task row is written by the task's own workflow, as for any task.
 */
export class Recurrences1765000000000 implements MigrationInterface {
  name = 'Recurrences1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recurrences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(400) NOT NULL,
        description text,
        source varchar(40) NOT NULL REFERENCES task_sources(key),
        source_document varchar(100),
        rule jsonb NOT NULL,
        lead_days int NOT NULL CHECK (lead_days BETWEEN 0 AND 120),
        target_unit_ids uuid[] NOT NULL DEFAULT '{}',
        target_unit_kind varchar(32),
        scope_path text NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
        assigning_unit_id uuid NOT NULL REFERENCES units(id),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CHECK (target_unit_kind IS NOT NULL OR cardinality(target_unit_ids) > 0),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX recurrences_assigning_unit_idx ON recurrences (assigning_unit_id)`);
    await q.query(`
      CREATE TABLE recurrence_occurrences (
        recurrence_id uuid NOT NULL REFERENCES recurrences(id),
        period_key varchar(40) NOT NULL,
        period_label varchar(100) NOT NULL,
        unit_id uuid NOT NULL REFERENCES units(id),
        task_id uuid NOT NULL UNIQUE,
        due_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (recurrence_id, period_key, unit_id)
      )`);
    await q.query(
      `CREATE INDEX recurrence_occurrences_due_idx ON recurrence_occurrences (recurrence_id, due_date DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recurrence_occurrences`);
    await q.query(`DROP TABLE recurrences`);
  }
}
