import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createApiApp } from '../../api/src/create-api-app';
import { migrate } from '../../../db/data-source';
import { seedDemoData as seedDemo } from '../../../db/seeds/demo-data';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../db/seeds/demo-organization';
import { conventionalPorts } from '../../../libs/infra';
import { startAppProcesses } from './app-processes';
import { bootstrapAdmin, bootstrapInputFromEnv } from './bootstrap-admin';
import { startClusterEnvironment } from './cluster-environment';
import { ensureSearchAttributes } from './temporal-setup';
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

type Topology = 'dev' | 'cluster';

/**
 * `start`: the embedded default (PostgreSQL, the Temporal dev server, one worker, one API).
 * `cluster`: the production topology on one machine (PostgreSQL, the Temporal server on it and
 * its UI, CLUSTER_WORKERS workers and CLUSTER_APIS APIs on consecutive ports from PORT).
 * Both: every process supervised, migrations, demo data on an empty database.
 */
async function launch(topology: Topology): Promise<void> {
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
    await devEnv?.stop().catch((e) => console.error(e));
    watchdog.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  let devEnv: DevEnvironment | undefined;
  try {
    const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
    const pgPort = Number(process.env.PG_PORT ?? 5433);
    const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
    const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
    let env: { databaseUrl: string; temporalAddress: string; temporalUiUrl?: string };
    let postgresDataDir: string | undefined;
    if (topology === 'dev') {
      devEnv = await startDevEnvironment({
        dataDir,
        pgPort,
        temporalPort,
        temporalUiPort,
        persistTemporal: true,
        databaseName: 'giaoviec',
        log,
        supervisor,
      });
      env = devEnv;
      postgresDataDir = devEnv.postgresDataDir;
    } else {
      const cluster = await startClusterEnvironment({
        dataDir: join(dataDir, 'cluster'),
        postgresUrl: process.env.DATABASE_URL || undefined,
        pgPort,
        temporalPorts: conventionalPorts(temporalPort),
        uiPort: temporalUiPort,
        namespace,
        retentionDays: Number(process.env.TEMPORAL_RETENTION_DAYS || 30),
        databaseName: 'giaoviec',
        supervisor,
        log,
      });
      env = cluster;
      postgresDataDir = cluster.postgresDataDir;
    }
    if (topology === 'dev') await ensureSearchAttributes(env.temporalAddress, namespace, log);
    const applied = await migrate(env.databaseUrl);
    log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Schema is up to date');
    const overrides = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      JWT_SECRET: developmentJwtSecret(),
      HOST: host,
      TASK_FILES_DIR:
        process.env.TASK_FILES_DIR || join(dataDir, topology === 'dev' ? 'files' : 'cluster/files'),
      WEB_DIST_DIR: process.env.WEB_DIST_DIR || join(root, 'apps', 'web', 'dist'),
    };
    const apis = topology === 'dev' ? 1 : Number(process.env.CLUSTER_APIS || 2);
    const workers = topology === 'dev' ? 1 : Number(process.env.CLUSTER_WORKERS || 2);
    const workerHttpPort = process.env.WORKER_HTTP_PORT
      ? Number(process.env.WORKER_HTTP_PORT)
      : 9464;
    // The demo tasks' workflows need a worker; otherwise workers and APIs start at once.
    const seeding = await needsSeeding(env.databaseUrl);
    const apiUrls = await startAppProcesses({
      supervisor,
      build: join(__dirname, '..', '..', '..'),
      env: { ...process.env, ...overrides },
      apiPorts: Array.from({ length: apis }, (_, i) => port + i),
      workerHttpPorts: Array.from({ length: workers }, (_, i) => workerHttpPort + i),
      beforeApis: seeding
        ? async () => {
            await seedDemoData({ ...overrides, PORT: String(port) });
            log(
              'Demo data loaded (one province, its units and users, tasks, and the plan chain 389/KH-UBND → 102/KH-SKHDT)',
            );
          }
        : undefined,
    });
    banner(topology, apiUrls, workers, workerHttpPort, env.temporalUiUrl, postgresDataDir);
  } catch (error) {
    console.error(error);
    await shutdown('error', 1);
  }
}

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

function banner(
  topology: Topology,
  apiUrls: string[],
  workers: number,
  workerHttpPort: number,
  temporalUiUrl?: string,
  postgresDataDir?: string,
) {
  const pgElsewhere = postgresDataDir && !postgresDataDir.startsWith(dataDir);
  const users = DEMO_USERS.map(
    (u) => `    ${u.username.padEnd(18)} ${u.title} (${u.roles.join(', ')})`,
  );
  const [first] = apiUrls;
  const apiLines =
    apiUrls.length === 1
      ? [`  API            ${first}/api/v1`]
      : apiUrls.map((url, i) => `  API ${i + 1}          ${url}/api/v1 (metrics ${url}/metrics)`);
  const workerLines =
    topology === 'dev'
      ? []
      : Array.from(
          { length: workers },
          (_, i) => `  Worker ${i + 1}       http://127.0.0.1:${workerHttpPort + i}/metrics`,
        );
  console.log(
    [
      '',
      topology === 'dev'
        ? 'GiaoViec is running.'
        : 'GiaoViec is running in the production topology (Temporal server on PostgreSQL).',
      `  Web app        ${first}/`,
      ...apiLines,
      ...workerLines,
      `  OpenAPI docs   ${first}/docs`,
      `  Health         ${first}/health`,
      `  Temporal UI    ${temporalUiUrl ?? '(not running: see the log above)'}`,
      `  Demo logins (password ${DEMO_PASSWORD}):`,
      ...users,
      '  Supervised: every process restarts with back-off when it dies',
      `  Ctrl-C stops everything; data stays in ${topology === 'dev' ? dataDir : join(dataDir, 'cluster')}` +
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
  // The deployment's one-shot step (docker compose `migrate`, the Kubernetes Job) also readies
  // Temporal for the app: its search attributes.
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    await ensureSearchAttributes(address, process.env.TEMPORAL_NAMESPACE || 'default', log);
  }
  // …and the first administrator of a fresh database, when the deployment names a password.
  if (process.env.BOOTSTRAP_ADMIN_PASSWORD) await runBootstrapAdmin();
}

/** The first administrator of a production database (docs: deploy/README.md). */
async function runBootstrapAdmin(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required for `bootstrap-admin`');
  // An API application context for its services and rules; it serves no request and signs no token.
  const app = await createApiApp({
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
  try {
    await app.init();
    const outcome = await bootstrapAdmin(app, bootstrapInputFromEnv(process.env));
    log(
      outcome.created
        ? `Administrator ${outcome.username} created in unit ${outcome.rootUnitCode}` +
            (outcome.rootUnitCreated ? ' (root unit created)' : '')
        : `An administrator exists already (${outcome.username}); nothing changed`,
    );
  } finally {
    await app.close();
  }
}

const commands: Record<string, () => Promise<void>> = {
  start: () => launch('dev'),
  cluster: () => launch('cluster'),
  migrate: runMigrations,
  'bootstrap-admin': runBootstrapAdmin,
};
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
