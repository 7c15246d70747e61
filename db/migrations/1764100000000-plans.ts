import { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents (số/ký hiệu), plans and the obligations of units to issue implementing plans. */
export class Plans1764100000000 implements MigrationInterface {
  name = 'Plans1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        symbol varchar(100) NOT NULL,
        symbol_key varchar(100) NOT NULL,
        number int,
        type varchar(10),
        issue_date date NOT NULL,
        year int NOT NULL,
        issuing_unit_id uuid NOT NULL REFERENCES units(id),
        summary text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX documents_number_key ON documents (issuing_unit_id, year, coalesce(type, ''), number)`,
    );
    await q.query(`CREATE INDEX documents_symbol_idx ON documents (symbol_key)`);
    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL UNIQUE REFERENCES documents(id),
        issuing_unit_id uuid NOT NULL REFERENCES units(id),
        year int NOT NULL,
        title varchar(500) NOT NULL,
        areas text[] NOT NULL DEFAULT '{}',
        parent_plan_id uuid REFERENCES plans(id),
        status varchar(10) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'closed')),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        issued_at timestamptz
      )`);
    await q.query(`CREATE INDEX plans_parent_idx ON plans (parent_plan_id)`);
    await q.query(`
      CREATE TABLE plan_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        spec jsonb NOT NULL,
        task_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE plan_obligations (
        plan_id uuid NOT NULL REFERENCES plans(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        due_date date NOT NULL,
        task_id uuid,
        fulfilled_by_plan_id uuid REFERENCES plans(id),
        PRIMARY KEY (plan_id, unit_id)
      )`);
    await q.query(`ALTER TABLE tasks ADD COLUMN plan_id uuid REFERENCES plans(id)`);
    await q.query(`CREATE INDEX tasks_plan_idx ON tasks (plan_id) WHERE plan_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN plan_id`);
    await q.query(`DROP TABLE plan_obligations`);
    await q.query(`DROP TABLE plan_items`);
    await q.query(`DROP TABLE plans`);
    await q.query(`DROP TABLE documents`);
  }
}
