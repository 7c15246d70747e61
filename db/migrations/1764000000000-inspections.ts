import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-inspection rounds (docs/domain.md §4). A finding's remediation is an ordinary task (source
 * `kiem_tra`) led by the inspected unit, so it gets the task lifecycle, reminders and escalation;
 * `reviewer_ids` lets the inspection team accept or reject it.
 */
export class Inspections1764000000000 implements MigrationInterface {
  name = 'Inspections1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN reviewer_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `INSERT INTO task_sources (key, label, sort) VALUES ('kiem_tra', 'Kết luận kiểm tra', 6)`,
    );
    await q.query(`
      CREATE TABLE inspection_rounds (
        id uuid PRIMARY KEY,
        inspecting_unit_id uuid NOT NULL REFERENCES units(id),
        title varchar(300) NOT NULL,
        plan_document varchar(100),
        notice_document varchar(100),
        leader_id uuid NOT NULL REFERENCES users(id),
        member_ids uuid[] NOT NULL DEFAULT '{}',
        areas text[] NOT NULL DEFAULT '{}',
        remediation_days int NOT NULL,
        status varchar(20) NOT NULL,
        concluded_on date,
        closed_at timestamptz,
        carried_from_id uuid REFERENCES inspection_rounds(id),
        workflow_id varchar(200) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inspection_targets (
        round_id uuid NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        planned_date date NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'planned',
        self_report text,
        self_reported_at timestamptz,
        inspected_on date,
        PRIMARY KEY (round_id, unit_id)
      )`);
    await q.query(`
      CREATE TABLE inspection_findings (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        description text NOT NULL,
        area varchar(40),
        severity varchar(10) NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        required_action text NOT NULL,
        -- The remediation task; its row is written by its own workflow, possibly after this link.
        task_id uuid,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inspection_findings_round_idx ON inspection_findings (round_id)`);
    await q.query(
      `CREATE INDEX inspection_rounds_unit_idx ON inspection_rounds (inspecting_unit_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inspection_findings`);
    await q.query(`DROP TABLE inspection_targets`);
    await q.query(`DROP TABLE inspection_rounds`);
    await q.query(`DELETE FROM task_sources WHERE key = 'kiem_tra'`);
    await q.query(`ALTER TABLE tasks DROP COLUMN reviewer_ids`);
  }
}
