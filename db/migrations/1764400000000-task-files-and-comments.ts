import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files on tasks and the comment thread (trao đổi), both written by the API, never by the task
 * workflow (docs/decisions/0014-task-files-and-comments.md). A file's bytes live under
 * TASK_FILES_DIR, named by the row's id; a file may name the history event it belongs to (a
 * progress report, a submitted result), which must be an event of the same task.
 */
export class TaskFilesAndComments1764400000000 implements MigrationInterface {
  name = 'TaskFilesAndComments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_files (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('attachment', 'progress', 'result')),
        event_seq int,
        name varchar(255) NOT NULL CHECK (name <> ''),
        content_type varchar(100) NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes >= 0),
        sha256 char(64) NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (task_id, event_seq) REFERENCES task_events (task_id, seq)
      )`);
    await q.query(`CREATE INDEX task_files_task_idx ON task_files (task_id, uploaded_at, id)`);
    await q.query(`
      CREATE TABLE task_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        body varchar(5000) NOT NULL CHECK (btrim(body) <> ''),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX task_comments_task_idx ON task_comments (task_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_comments`);
    await q.query(`DROP TABLE task_files`);
  }
}
