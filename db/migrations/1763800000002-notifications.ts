import { MigrationInterface, QueryRunner } from 'typeorm';

/** The in-app inbox; one row per user and event, keyed so a retried activity adds nothing. */
export class Notifications1763800000002 implements MigrationInterface {
  name = 'Notifications1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        task_id uuid REFERENCES tasks(id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        title varchar(300) NOT NULL,
        body text NOT NULL,
        dedupe_key varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        email_status varchar(10) NOT NULL DEFAULT 'none'
          CHECK (email_status IN ('none', 'pending', 'sent')),
        emailed_at timestamptz,
        CONSTRAINT notifications_once UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(
      `CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX notifications_task_idx ON notifications (task_id) WHERE task_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
