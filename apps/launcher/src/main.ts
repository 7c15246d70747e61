import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApiApp } from '../../api/src/create-api-app';
import { createWorkerApp } from '../../worker/src/create-worker-app';
import { migrate } from '../../../db/data-source';
import { seedDemoData } from '../../../db/seeds/demo-data';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../db/seeds/demo-organization';
import { startDevEnvironment } from './dev-environment';

const root = resolve(__dirname, '..', '..', '..', '..');
const dataDir = process.env.GIAOVIEC_DATA_DIR ?? join(root, '.data');
const log = (message: string) => console.log(`[giaoviec] ${message}`);

/** A signing secret that survives restarts, so issued tokens stay valid in development. */
function developmentJwtSecret(): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function start(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const env = await startDevEnvironment({
    dataDir,
    pgPort: Number(process.env.PG_PORT ?? 5433),
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    persistTemporal: true,
    databaseName: 'giaoviec',
    log,
  });
  let closing = false;
  const closers: (() => Promise<unknown>)[] = [() => env.stop()];
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: stopping…`);
    for (const close of closers.reverse()) await close().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const applied = await migrate(env.databaseUrl);
    log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Schema is up to date');
    const overrides = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      JWT_SECRET: developmentJwtSecret(),
      PORT: String(port),
      HOST: host,
    };
    const worker = await createWorkerApp(overrides);
    closers.push(() => worker.close());
    const api = await createApiApp(overrides);
    closers.push(() => api.close());
    await api.listen(port, host);
    if (await seedDemoData(api))
      log(
        'Demo data loaded (one province, its units and users, tasks, and the plan chain 389/KH-UBND → 102/KH-SKHDT)',
      );
    banner(`http://${host}:${port}`, env.temporalUiUrl, env.postgresDataDir);
  } catch (error) {
    console.error(error);
    await shutdown('error');
  }
}

function banner(apiUrl: string, temporalUiUrl?: string, postgresDataDir?: string) {
  const pgElsewhere = postgresDataDir && !postgresDataDir.startsWith(dataDir);
  const users = DEMO_USERS.map(
    (u) => `    ${u.username.padEnd(18)} ${u.title} (${u.roles.join(', ')})`,
  );
  console.log(
    [
      '',
      'GiaoViec is running.',
      `  API            ${apiUrl}/api/v1`,
      `  OpenAPI docs   ${apiUrl}/docs`,
      `  Health         ${apiUrl}/health`,
      `  Temporal UI    ${temporalUiUrl ?? '(external Temporal: see its own UI)'}`,
      `  Demo logins (password ${DEMO_PASSWORD}):`,
      ...users,
      `  Ctrl-C stops everything; data stays in ${dataDir}` +
        (pgElsewhere ? ` (PostgreSQL in ${postgresDataDir})` : ''),
      '',
    ].join('\n'),
  );
}

async function runMigrations(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required for `migrate`');
  const applied = await migrate(url);
  log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is up to date');
}

const commands: Record<string, () => Promise<void>> = { start, migrate: runMigrations };
const command = commands[process.argv[2] ?? 'start'];
if (!command) {
  console.error(
    `Unknown command ${process.argv[2]}; use one of ${Object.keys(commands).join(', ')}`,
  );
  process.exit(2);
}
command().catch((error) => {
  console.error(error);
  process.exit(1);
});
