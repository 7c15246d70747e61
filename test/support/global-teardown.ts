import { Client } from 'pg';
import type { DevEnvironment } from '../../apps/launcher/src/dev-environment';
import { TEST_ENV_KEYS } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as { __giaoviecTestEnv?: DevEnvironment }).__giaoviecTestEnv;
  if (!env) return;
  // Databases are only worth dropping on a server that outlives this run.
  if (process.env.DATABASE_URL) {
    const admin = new Client({ connectionString: process.env[TEST_ENV_KEYS.adminUrl] });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`gv_${process.pid}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`);
    await admin.end();
  }
  await env.stop();
}
