import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users get a token version: every access token carries the version it was issued under, and a
 * password change or a deactivation bumps it, so older tokens stop working at once.
 */
export class UserTokenVersion1764200000000 implements MigrationInterface {
  name = 'UserTokenVersion1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
