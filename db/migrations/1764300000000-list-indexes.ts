import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for `GET /tasks` (docs/decisions/0012-list-indexes.md): the lead unit's path kept on
 * the task (by triggers, so every writer — activities, imports, unit moves, bulk SQL — keeps it
 * right) and indexed for prefix search; a full `(due_date, id)` index whose order (NULLs last)
 * is the due-date sort; and a trigram index over the lower-cased, unaccented title.
 */
export class ListIndexes1764300000000 implements MigrationInterface {
  name = 'ListIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is STABLE (it reads a dictionary by name); pinning the dictionary makes this
    // wrapper safe to declare IMMUTABLE, which an expression index requires.
    await q.query(`
      CREATE FUNCTION search_text(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN public.unaccent('public.unaccent'::regdictionary, lower($1))`);
    await q.query(
      `CREATE INDEX tasks_title_search_idx ON tasks USING gin (search_text(title) gin_trgm_ops)`,
    );

    await q.query(`ALTER TABLE tasks ADD COLUMN lead_unit_path text`);
    await q.query(
      `UPDATE tasks t SET lead_unit_path = u.path FROM units u WHERE u.id = t.lead_unit_id`,
    );
    await q.query(`ALTER TABLE tasks ALTER COLUMN lead_unit_path SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION tasks_set_lead_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.lead_unit_path := (SELECT path FROM units WHERE id = NEW.lead_unit_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tasks_lead_unit_path BEFORE INSERT OR UPDATE OF lead_unit_id, lead_unit_path
        ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_set_lead_unit_path()`);
    await q.query(`
      CREATE FUNCTION units_move_task_paths() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tasks SET lead_unit_path = NEW.path WHERE lead_unit_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER units_task_paths AFTER UPDATE OF path ON units FOR EACH ROW
        WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION units_move_task_paths()`);
    await q.query(
      `CREATE INDEX tasks_lead_path_idx ON tasks (lead_unit_path text_pattern_ops, assigned_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX tasks_due_all_idx ON tasks (due_date, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_due_all_idx`);
    await q.query(`DROP TRIGGER units_task_paths ON units`);
    await q.query(`DROP FUNCTION units_move_task_paths()`);
    await q.query(`DROP TRIGGER tasks_lead_unit_path ON tasks`);
    await q.query(`DROP FUNCTION tasks_set_lead_unit_path()`);
    await q.query(`ALTER TABLE tasks DROP COLUMN lead_unit_path`);
    await q.query(`DROP INDEX tasks_title_search_idx`);
    await q.query(`DROP FUNCTION search_text(text)`);
    // The extensions stay: other objects may have come to depend on them.
  }
}
