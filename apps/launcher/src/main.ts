import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createApiApp } from '../../api/src/create-api-app';
import { migrate } from '../../../db/data-source';
import { seedDemoData as seedDemo } from '../../../db/seeds/demo-data';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../db/seeds/demo-organization';
import { startNodeProcess } from '../../../libs/infra/node-process';
import { DevEnvironment, startDevEnvironment } from './dev-environment';
import { Supervisor } from './supervisor';
import { Watchdog } from './watchdog';

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
  const watchdog = Watchdog.start();
  const supervisor = new Supervisor(log);
  supervisor.on('started', () =>
    watchdog.watch(
      Object.entries(supervisor.pids()).map(([name, pid]) => ({
        pid,
        signal: name === 'PostgreSQL' ? 'SIGINT' : 'SIGTERM',
      })),
    ),
  );
  let closing = false;
  const shutdown = async (signal: string, code = 0) => {
    if (closing) return;
    closing = true;
    log(`${signal}: stopping…`);
    await supervisor.stopAll();
    await env?.stop().catch((e) => console.error(e));
    watchdog.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  let env: DevEnvironment | undefined;
  try {
    env = await startDevEnvironment({
      dataDir,
      pgPort: Number(process.env.PG_PORT ?? 5433),
      temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
      temporalUiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      persistTemporal: true,
      databaseName: 'giaoviec',
      log,
      supervisor,
    });
    const applied = await migrate(env.databaseUrl);
    log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Schema is up to date');
    const overrides = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      JWT_SECRET: developmentJwtSecret(),
      PORT: String(port),
      HOST: host,
      TASK_FILES_DIR: process.env.TASK_FILES_DIR || join(dataDir, 'files'),
      WEB_DIST_DIR: process.env.WEB_DIST_DIR || join(root, 'apps', 'web', 'dist'),
    };
    const childEnv = { ...process.env, ...overrides };
    const worker = supervisor.start({
      name: 'worker',
      start: () => startNodeProcess({ name: 'worker', script: WORKER_MAIN, env: childEnv }),
    });
    worker.catch(() => undefined); // awaited below; this only marks it handled meanwhile
    // The demo tasks' workflows need the worker; otherwise both start at once.
    const seeding = await needsSeeding(env.databaseUrl);
    if (seeding) {
      await worker;
      await seedDemoData(overrides);
      log(
        'Demo data loaded (one province, its units and users, tasks, and the plan chain 389/KH-UBND → 102/KH-SKHDT)',
      );
    }
    const api = supervisor.start({
      name: 'API',
      start: () => startNodeProcess({ name: 'API', script: API_MAIN, env: childEnv }),
    });
    await Promise.all([worker, api]);
    banner(`http://${host}:${port}`, env.temporalUiUrl, env.postgresDataDir);
  } catch (error) {
    console.error(error);
    await shutdown('error', 1);
  }
}

/** The API and the worker run as child processes, from the build next to this file. */
const API_MAIN = join(__dirname, '..', '..', 'api', 'src', 'main.js');
const WORKER_MAIN = join(__dirname, '..', '..', 'worker', 'src', 'main.js');

/** True for an empty database (one query, so that later starts stay quick). */
async function needsSeeding(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ count: number }>('SELECT count(*)::int AS count FROM units')
    .finally(() => client.end());
  return rows[0].count === 0;
}

/**
 * Loads the demo data through an in-process API application: its services start the tasks'
 * workflows, which the worker process runs.
 */
async function seedDemoData(overrides: Record<string, string>): Promise<void> {
  const api = await createApiApp({ ...overrides, LOG_LEVEL: 'warn' });
  try {
    await api.init();
    await seedDemo(api);
  } finally {
    await api.close();
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
      `  Web app        ${apiUrl}/`,
      `  API            ${apiUrl}/api/v1`,
      `  OpenAPI docs   ${apiUrl}/docs`,
      `  Health         ${apiUrl}/health`,
      `  Temporal UI    ${temporalUiUrl ?? '(external Temporal: see its own UI)'}`,
      `  Demo logins (password ${DEMO_PASSWORD}):`,
      ...users,
      '  Supervised: PostgreSQL, Temporal, the worker and the API restart when they die',
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
