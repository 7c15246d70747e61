import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One installation serves one province: at most one unit without a parent (the application
 * answers 409 UNIT_ROOT_EXISTS; this index holds under concurrent requests too). And a số/ký hiệu
 * is registered once a year, whichever unit registers it (before, once per registering unit).
 */
export class SingleRootAndDocumentSymbols1764200000100 implements MigrationInterface {
  name = 'SingleRootAndDocumentSymbols1764200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX units_single_root ON units ((parent_id IS NULL)) WHERE parent_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX documents_symbol_year_key ON documents (symbol_key, year) WHERE number IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX documents_symbol_year_key`);
    await q.query(`DROP INDEX units_single_root`);
  }
}
