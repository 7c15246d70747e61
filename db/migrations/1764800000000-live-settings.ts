import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `live_settings`: settings an administrator changes at runtime and that running task workflows
 * take (issue 12; docs/decisions/0020-live-settings.md). One row per section (`reminders` now;
 * the calendar later), absent until someone saves it: configuration holds the defaults until then.
 * Every save takes the next number of one sequence, so the greatest `version` of all rows is the
 * version of the whole set, which the workflows compare. `broadcast` turns true once every open
 * task workflow has been sent the set as of that version; a row still false at start-up (the API
 * stopped half-way) is sent again.
 */
export class LiveSettings1764800000000 implements MigrationInterface {
  name = 'LiveSettings1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE live_settings_version`);
    await q.query(`
      CREATE TABLE live_settings (
        key varchar(40) PRIMARY KEY CHECK (key IN ('reminders')),
        value jsonb NOT NULL CHECK (jsonb_typeof(value) = 'object'),
        version bigint NOT NULL UNIQUE,
        broadcast boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE live_settings`);
    await q.query(`DROP SEQUENCE live_settings_version`);
  }
}
