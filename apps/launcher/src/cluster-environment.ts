import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  conventionalPorts,
  ensureDatabase,
  locateGoProgram,
  setupTemporalSchemas,
  startEmbeddedPostgres,
  startTemporalServer,
  startTemporalUi,
  TEMPORAL_SERVER,
  TEMPORAL_SQL_TOOL,
  TEMPORAL_UI,
  TemporalClusterPorts,
  TemporalDatabases,
} from '../../../libs/infra';
import type { Supervisor } from './supervisor';
import { ensureSearchAttributes } from './temporal-setup';

/**
 * deploy/temporal, the reviewed server and UI configuration read by every topology: found up from
 * here, from the sources (tests) as from dist/ (start:cluster).
 */
export function temporalConfigRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'deploy', 'temporal');
    if (existsSync(join(candidate, 'config', 'production.yaml'))) return candidate;
  }
  throw new Error('deploy/temporal/config/production.yaml not found');
}

export interface ClusterEnvironmentOptions {
  /** Pid files, and the embedded PostgreSQL's data unless `postgresUrl` is given. */
  dataDir: string;
  /** A PostgreSQL server to use (its user needs CREATEDB); absent = embedded on `pgPort`. */
  postgresUrl?: string;
  pgPort: number;
  temporalPorts?: TemporalClusterPorts;
  /** Web UI port; absent = no UI. */
  uiPort?: number;
  namespace: string;
  retentionDays: number;
  databaseName: string;
  /** Temporal's two databases (tests give each cluster its own pair). */
  temporalDatabases?: TemporalDatabases;
  supervisor: Supervisor;
  log: (message: string) => void;
}

export interface ClusterEnvironment {
  /** GiaoViec's own database. */
  databaseUrl: string;
  /** The PostgreSQL server as its superuser sees it (Temporal's databases live there too). */
  postgresUrl: string;
  postgresDataDir?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
}

/**
 * The production topology's servers on one machine, each supervised: PostgreSQL (embedded, or
 * DATABASE_URL's server), the real Temporal server on it (schemas set up by temporal-sql-tool),
 * and the Temporal Web UI when it can be built here.
 */
export async function startClusterEnvironment(
  opts: ClusterEnvironmentOptions,
): Promise<ClusterEnvironment> {
  const { supervisor, log } = opts;
  // Built from Go modules the first time (several minutes), while PostgreSQL starts.
  const binaries = Promise.all([
    locateGoProgram(TEMPORAL_SQL_TOOL, log),
    locateGoProgram(TEMPORAL_SERVER, log),
  ]);
  binaries.catch(() => undefined); // awaited below

  let postgresUrl = opts.postgresUrl;
  let postgresDataDir: string | undefined;
  if (postgresUrl) {
    log('PostgreSQL: using DATABASE_URL’s server for GiaoViec and Temporal');
  } else {
    log(`PostgreSQL: starting a private server on port ${opts.pgPort}…`);
    const pg = await supervisor.start({
      name: 'PostgreSQL',
      start: () =>
        startEmbeddedPostgres({
          dataDir: join(opts.dataDir, 'postgres'),
          port: opts.pgPort,
          log,
        }),
    });
    postgresUrl = pg.url;
    postgresDataDir = pg.dataDir;
  }
  const databaseUrl = await ensureDatabase(postgresUrl, opts.databaseName);

  const [sqlToolPath, serverPath] = await binaries;
  await setupTemporalSchemas({
    sqlToolPath,
    postgresUrl,
    databases: opts.temporalDatabases,
    log,
  });
  const ports = opts.temporalPorts ?? conventionalPorts();
  const configRoot = temporalConfigRoot();
  log(`Temporal: starting the server on port ${ports.frontend}…`);
  const pgUrl = postgresUrl;
  const temporal = await supervisor.start({
    name: 'Temporal',
    start: () =>
      startTemporalServer({
        serverPath,
        configRoot,
        postgresUrl: pgUrl,
        databases: opts.temporalDatabases,
        ports,
        namespace: opts.namespace,
        retentionDays: opts.retentionDays,
        dataDir: opts.dataDir,
        log,
      }),
  });
  await ensureSearchAttributes(temporal.address, opts.namespace, log);

  let temporalUiUrl: string | undefined;
  if (opts.uiPort !== undefined) {
    const uiPort = opts.uiPort;
    try {
      const uiPath = await locateGoProgram(TEMPORAL_UI, log);
      const ui = await supervisor.start({
        name: 'Temporal UI',
        start: () =>
          startTemporalUi({
            uiPath,
            configRoot,
            temporalAddress: temporal.address,
            namespace: opts.namespace,
            port: uiPort,
            dataDir: opts.dataDir,
            log,
          }),
      });
      temporalUiUrl = ui.url;
    } catch (error) {
      // The UI is for people; the system runs without it.
      log(`Temporal UI: not started (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return {
    databaseUrl,
    postgresUrl,
    postgresDataDir,
    temporalAddress: temporal.address,
    temporalUiUrl,
  };
}
