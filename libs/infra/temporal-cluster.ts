import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { assertPortFree, freeLowPort } from './free-port';
import { ensureDatabase } from './postgres-server';
import { startServerProcess, ServerProcess } from './server-process';
import type { TemporalServer } from './temporal-server';

const run = promisify(execFile);

/** The server's two stores, in the same PostgreSQL cluster as GiaoViec's own database. */
export interface TemporalDatabases {
  default: string;
  visibility: string;
}

export const TEMPORAL_DATABASES: TemporalDatabases = {
  default: 'temporal',
  visibility: 'temporal_visibility',
};

/**
 * Every port the one-process server listens on (Temporal's conventional ones by default). All below
 * 32768: Temporal stores membership ports as SQL smallint.
 */
export interface TemporalClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
  metrics: number;
}

/** 7233 → 7233-7235, 7239, 7243, 6933-6935, 6939 and 8000, shifted together for another base. */
export function conventionalPorts(frontend = 7233): TemporalClusterPorts {
  const shift = frontend - 7233;
  return {
    frontend,
    frontendHttp: 7243 + shift,
    history: 7234 + shift,
    matching: 7235 + shift,
    worker: 7239 + shift,
    frontendMembership: 6933 + shift,
    historyMembership: 6934 + shift,
    matchingMembership: 6935 + shift,
    workerMembership: 6939 + shift,
    metrics: 8000 + shift,
  };
}

/** Ten free ports for a private cluster (tests, benchmarks); all below 32768 (see freeLowPort). */
export async function freeClusterPorts(): Promise<TemporalClusterPorts> {
  const names: (keyof TemporalClusterPorts)[] = [
    'frontend',
    'frontendHttp',
    'history',
    'matching',
    'worker',
    'frontendMembership',
    'historyMembership',
    'matchingMembership',
    'workerMembership',
    'metrics',
  ];
  const ports = {} as TemporalClusterPorts;
  const taken = new Set<number>();
  for (const name of names) {
    let port: number;
    do port = await freeLowPort();
    while (taken.has(port));
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

/**
 * Creates the server's two databases when missing and brings their schemas to the version this
 * server needs, with Temporal's own tool and the schemas embedded in it (idempotent: a schema
 * already at its version is left alone). Runs before every start, as an upgrade would.
 */
export async function setupTemporalSchemas(opts: {
  sqlToolPath: string;
  postgresUrl: string;
  databases?: TemporalDatabases;
  log: (msg: string) => void;
}): Promise<void> {
  const url = new URL(opts.postgresUrl);
  const connection = [
    ...['--plugin', 'postgres12', '--endpoint', url.hostname, '--port', url.port || '5432'],
    ...['--user', decodeURIComponent(url.username)],
    ...['--password', decodeURIComponent(url.password)],
  ];
  for (const [store, database] of Object.entries(opts.databases ?? TEMPORAL_DATABASES)) {
    await ensureDatabase(opts.postgresUrl, database);
    const tool = (...args: string[]) =>
      run(opts.sqlToolPath, [...connection, '--database', database, ...args]).catch(
        (error: Error & { stderr?: string }) => {
          throw new Error(
            `temporal-sql-tool ${args[0]} on ${database} failed: ${error.stderr ?? error.message}`,
          );
        },
      );
    await tool('setup-schema', '--version', '0.0');
    const schema = store === 'default' ? 'temporal' : 'visibility';
    await tool('update-schema', '--schema-name', `postgresql/v12/${schema}`);
  }
  opts.log('Temporal: schemas of both stores are at this server’s version');
}

/**
 * Runs the real Temporal server (all four services in one process) on PostgreSQL, with the
 * reviewed configuration in deploy/temporal/config/production.yaml, and makes sure `namespace`
 * exists. Its schemas must be set up first (setupTemporalSchemas).
 */
export async function startTemporalServer(opts: {
  serverPath: string;
  /** deploy/temporal: holds config/production.yaml and dynamicconfig/production.yaml. */
  configRoot: string;
  postgresUrl: string;
  databases?: TemporalDatabases;
  ports: TemporalClusterPorts;
  namespace: string;
  retentionDays: number;
  /** Where its pid file goes. */
  dataDir: string;
  log: (msg: string) => void;
}): Promise<TemporalServer> {
  const url = new URL(opts.postgresUrl);
  const { ports } = opts;
  const env = {
    ...process.env,
    POSTGRES_SEEDS: url.hostname,
    DB_PORT: url.port || '5432',
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PWD: decodeURIComponent(url.password),
    TEMPORAL_DB: (opts.databases ?? TEMPORAL_DATABASES).default,
    TEMPORAL_VISIBILITY_DB: (opts.databases ?? TEMPORAL_DATABASES).visibility,
    BIND_ON_IP: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${ports.metrics}`,
    TEMPORAL_DYNAMIC_CONFIG: path.join(opts.configRoot, 'dynamicconfig', 'production.yaml'),
  };
  await mkdir(opts.dataDir, { recursive: true });
  const address = `127.0.0.1:${ports.frontend}`;
  const server = await startServerProcess({
    label: 'The Temporal server',
    command: opts.serverPath,
    args: [
      ...['--root', opts.configRoot, '--config', 'config', '--env', 'production'],
      // Inside the trusted network of one installation; put an authorizer and mTLS in front of a
      // frontend that other networks reach (deploy/README.md).
      '--allow-no-auth',
      'start',
    ],
    env,
    pidFile: path.join(opts.dataDir, 'temporal-server.pid'),
    identity: ['--env', 'production'],
    before: async () => {
      for (const [name, port] of Object.entries(ports))
        await assertPortFree(port, `Temporal ${name}`);
    },
    ready: () => frontendAnswers(address),
    readyTimeoutMs: 120_000,
    log: opts.log,
  });
  try {
    await ensureNamespace(address, opts.namespace, opts.retentionDays);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { address, pid: server.pid, exited: server.exited, stop: server.stop };
}

/** The Temporal Web UI server, rendered from deploy/temporal/ui/production.yaml. */
export async function startTemporalUi(opts: {
  uiPath: string;
  configRoot: string;
  temporalAddress: string;
  namespace: string;
  port: number;
  dataDir: string;
  log: (msg: string) => void;
}): Promise<ServerProcess & { url: string }> {
  const url = `http://127.0.0.1:${opts.port}`;
  const ui = await startServerProcess({
    label: 'The Temporal UI',
    command: opts.uiPath,
    args: ['--root', opts.configRoot, '--config', 'ui', '--env', 'production', 'start'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_UI_PORT: String(opts.port),
      TEMPORAL_NAMESPACE: opts.namespace,
    },
    pidFile: path.join(opts.dataDir, 'temporal-ui.pid'),
    identity: ['--config', 'ui'],
    before: () => assertPortFree(opts.port, 'Temporal UI'),
    ready: async () => (await fetch(url).catch(() => undefined))?.ok === true,
    log: opts.log,
  });
  return { ...ui, url };
}

async function frontendAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** Registers `namespace` unless it exists (the real server, unlike the dev server, starts with none). */
export async function ensureNamespace(
  address: string,
  namespace: string,
  retentionDays: number,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const exists = await connection.workflowService
      .describeNamespace({ namespace })
      .then(() => true)
      .catch((error: { code?: number }) => {
        if (error.code === 5) return false; // NOT_FOUND
        throw error;
      });
    if (exists) return;
    await connection.workflowService
      .registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // ALREADY_EXISTS: another launcher was first
      });
    // The frontend caches namespaces: wait until it serves the new one.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await connection.workflowService
        .describeNamespace({ namespace })
        .then(() => true)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`Namespace ${namespace} did not become available`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await connection.close();
  }
}
