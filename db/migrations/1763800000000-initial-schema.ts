import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation (units, users), the task projection with its event history and reminders, the
 * working-day calendar overlay and the configurable list of task sources.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY,
        code varchar(32) NOT NULL UNIQUE,
        name varchar(255) NOT NULL,
        kind varchar(32) NOT NULL,
        parent_id uuid REFERENCES units(id) ON DELETE RESTRICT,
        path text NOT NULL,
        depth int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX units_path_idx ON units (path text_pattern_ops)`);
    await q.query(`CREATE INDEX units_parent_idx ON units (parent_id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        password_hash text NOT NULL,
        full_name varchar(255) NOT NULL,
        title varchar(255) NOT NULL,
        email varchar(255),
        unit_id uuid NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_unit_idx ON users (unit_id)`);

    await q.query(`
      CREATE TABLE task_sources (
        key varchar(40) PRIMARY KEY,
        label varchar(200) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        sort int NOT NULL DEFAULT 0
      )`);
    await q.query(`
      INSERT INTO task_sources (key, label, sort) VALUES
        ('chinh_phu', 'Chính phủ', 1),
        ('thu_tuong', 'Thủ tướng Chính phủ', 2),
        ('ubnd_tinh', 'UBND tỉnh', 3),
        ('chu_tich_ubnd_tinh', 'Chủ tịch UBND tỉnh', 4),
        ('noi_bo', 'Đơn vị tự giao', 5)`);

    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        code varchar(64),
        title varchar(500) NOT NULL,
        description text,
        source varchar(40) NOT NULL REFERENCES task_sources(key),
        source_document varchar(100),
        source_document_date date,
        assigner_id uuid NOT NULL REFERENCES users(id),
        assigning_unit_id uuid NOT NULL REFERENCES units(id),
        lead_unit_id uuid NOT NULL REFERENCES units(id),
        coordinating_unit_ids uuid[] NOT NULL DEFAULT '{}',
        watcher_ids uuid[] NOT NULL DEFAULT '{}',
        assignee_id uuid REFERENCES users(id),
        parent_task_id uuid REFERENCES tasks(id),
        priority varchar(10) NOT NULL DEFAULT 'normal',
        area varchar(40),
        attachments jsonb NOT NULL DEFAULT '[]',
        due_date date,
        original_due_date date,
        extensions_approved int NOT NULL DEFAULT 0,
        pending_extension jsonb,
        explanation text,
        status varchar(20) NOT NULL,
        progress_percent smallint NOT NULL DEFAULT 0,
        assigned_at timestamptz NOT NULL,
        submitted_at timestamptz,
        completed_at timestamptz,
        workflow_id varchar(200) NOT NULL UNIQUE,
        version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_lead_unit_idx ON tasks (lead_unit_id)`);
    await q.query(`CREATE INDEX tasks_assigning_unit_idx ON tasks (assigning_unit_id)`);
    await q.query(`CREATE INDEX tasks_list_idx ON tasks (assigned_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX tasks_due_idx ON tasks (due_date, id) WHERE status NOT IN ('completed', 'cancelled')`,
    );
    await q.query(
      `CREATE INDEX tasks_parent_idx ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX tasks_coordinating_idx ON tasks USING gin (coordinating_unit_ids)`);
    await q.query(`CREATE INDEX tasks_watchers_idx ON tasks USING gin (watcher_ids)`);
    await q.query(
      `CREATE UNIQUE INDEX tasks_code_key ON tasks (assigning_unit_id, code) WHERE code IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE task_events (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        seq int NOT NULL,
        action varchar(32) NOT NULL,
        actor_id uuid REFERENCES users(id),
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        CONSTRAINT task_events_task_seq_key UNIQUE (task_id, seq)
      )`);

    await q.query(`
      CREATE TABLE task_reminders (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL,
        due_date date NOT NULL,
        due_version int NOT NULL,
        escalated boolean NOT NULL,
        recipient_ids uuid[] NOT NULL,
        scheduled_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_reminders_once UNIQUE (task_id, kind, due_date)
      )`);

    await q.query(`
      CREATE TABLE calendar_overrides (
        date date PRIMARY KEY,
        kind varchar(10) NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name varchar(200),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_overrides`);
    await q.query(`DROP TABLE task_reminders`);
    await q.query(`DROP TABLE task_events`);
    await q.query(`DROP TABLE tasks`);
    await q.query(`DROP TABLE task_sources`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE units`);
  }
}
