import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /tasks?q=` finds the task code and the source document's number and symbol too
 * (docs/decisions/0012-list-indexes.md): the stored column `ref_words` holds code and source
 * document folded by `search_key` (lower case, no diacritics, every run of characters other than
 * letters and digits one space), so "389 kh ubnd" and "389/KH-UBND" both find "389/KH-UBND", with
 * a trigram index of its own. The title's index stays as it is: a title search's plan is the one
 * it was, plus a lookup of the same trigrams in the (much smaller) codes and symbols index.
 * Stored rather than an expression: a plan that filters a department's subtree row by row reads
 * the column instead of folding the texts again, and the planner has the column's statistics.
 * Kept by a trigger rather than declared GENERATED: TypeORM reads generated columns' expressions
 * from a `typeorm_metadata` table this schema does not have, and its schema checks would fail.
 */
export class TaskSearchKey1764650000000 implements MigrationInterface {
  name = 'TaskSearchKey1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_key(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN btrim(regexp_replace(search_text($1), '[^a-z0-9]+', ' ', 'g'))`);
    await q.query(`ALTER TABLE tasks ADD COLUMN ref_words text`);
    await q.query(`
      CREATE FUNCTION tasks_set_ref_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.ref_words := nullif(
          search_key(coalesce(NEW.code, '') || ' ' || coalesce(NEW.source_document, '')), '');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tasks_ref_words BEFORE INSERT OR UPDATE OF code, source_document ON tasks
      FOR EACH ROW EXECUTE FUNCTION tasks_set_ref_words()`);
    await q.query(`
      UPDATE tasks SET ref_words = nullif(
        search_key(coalesce(code, '') || ' ' || coalesce(source_document, '')), '')
      WHERE code IS NOT NULL OR source_document IS NOT NULL`);
    await q.query(`CREATE INDEX tasks_ref_search_idx ON tasks USING gin (ref_words gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_ref_search_idx`);
    await q.query(`DROP TRIGGER tasks_ref_words ON tasks`);
    await q.query(`DROP FUNCTION tasks_set_ref_words()`);
    await q.query(`ALTER TABLE tasks DROP COLUMN ref_words`);
    await q.query(`DROP FUNCTION search_key(text)`);
  }
}
