import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureDatabase,
  freePort,
  locateTemporalCli,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '../../../libs/infra';
import type { Supervisor } from './supervisor';

export interface DevEnvironmentOptions {
  /** Where the private servers keep their state (`.data/` for npm start, a temp dir for tests). */
  dataDir: string;
  pgPort: number;
  temporalPort: number;
  /** Web UI port; absent = headless. */
  temporalUiPort?: number;
  /** Keep Temporal's state in a file under dataDir (npm start) or in memory (tests). */
  persistTemporal: boolean;
  databaseName: string;
  log: (message: string) => void;
  /**
   * When given, PostgreSQL and the Temporal server run under it: restarted on the same port and
   * data when they die, and stopped by its stopAll() (env.stop() then leaves them alone).
   */
  supervisor?: Supervisor;
}

export interface DevEnvironment {
  databaseUrl: string;
  /** The embedded cluster's directory; absent with DATABASE_URL. */
  postgresDataDir?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

/**
 * The one bootstrap used by `npm start` and by the test setup: DATABASE_URL and TEMPORAL_ADDRESS
 * when given, otherwise a private PostgreSQL and a Temporal CLI dev server started here.
 */
export async function startDevEnvironment(opts: DevEnvironmentOptions): Promise<DevEnvironment> {
  const stops: Stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const { databaseUrl, postgresDataDir } = await postgres(opts, stops);
    const temporal = await temporalServer(opts, stops);
    return { databaseUrl, postgresDataDir, ...temporal, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A private environment for tests and benchmarks: a temp directory, free ports, Temporal in
 * memory. `stop()` also deletes the directory.
 */
export async function startThrowawayEnvironment(
  databaseName: string,
  log: (message: string) => void,
): Promise<DevEnvironment & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'giaoviec-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must reach its data directory.
  chmodSync(dir, 0o755);
  const env = await startDevEnvironment({
    dataDir: dir,
    pgPort: await freePort(),
    temporalPort: await freePort(),
    persistTemporal: false,
    databaseName,
    log,
  });
  return {
    ...env,
    dir,
    stop: async () => {
      await env.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Stops = (() => Promise<void>)[];

async function postgres(
  opts: DevEnvironmentOptions,
  stops: Stops,
): Promise<{ databaseUrl: string; postgresDataDir?: string }> {
  if (process.env.DATABASE_URL) {
    opts.log('PostgreSQL: using DATABASE_URL');
    return { databaseUrl: process.env.DATABASE_URL };
  }
  opts.log(`PostgreSQL: starting a private server on port ${opts.pgPort}…`);
  const start = () =>
    startEmbeddedPostgres({
      dataDir: join(opts.dataDir, 'postgres'),
      port: opts.pgPort,
      log: opts.log,
    });
  let pg: Awaited<ReturnType<typeof start>>;
  if (opts.supervisor) {
    pg = await opts.supervisor.start({ name: 'PostgreSQL', start });
  } else {
    pg = await start();
    stops.push(() => pg.stop());
  }
  return {
    databaseUrl: await ensureDatabase(pg.url, opts.databaseName),
    postgresDataDir: pg.dataDir,
  };
}

async function temporalServer(
  opts: DevEnvironmentOptions,
  stops: Stops,
): Promise<{ temporalAddress: string; temporalUiUrl?: string }> {
  if (process.env.TEMPORAL_ADDRESS) {
    opts.log(`Temporal: using TEMPORAL_ADDRESS ${process.env.TEMPORAL_ADDRESS}`);
    return { temporalAddress: process.env.TEMPORAL_ADDRESS };
  }
  let cliPath: string;
  try {
    cliPath = await locateTemporalCli(opts.log);
  } catch (error) {
    return sdkDownloadedServer(opts, stops, error as Error);
  }
  opts.log(`Temporal: starting the dev server on port ${opts.temporalPort}…`);
  const start = () =>
    startTemporalDevServer({
      cliPath,
      port: opts.temporalPort,
      uiPort: opts.temporalUiPort,
      dbFile: opts.persistTemporal ? join(opts.dataDir, 'temporal.sqlite') : undefined,
      log: opts.log,
    });
  let server: Awaited<ReturnType<typeof start>>;
  if (opts.supervisor) {
    server = await opts.supervisor.start({ name: 'Temporal', start });
  } else {
    server = await start();
    stops.push(() => server.stop());
  }
  return { temporalAddress: server.address, temporalUiUrl: server.uiUrl };
}

/**
 * Last resort where the machine has internet: the SDK downloads the dev server itself. On machines
 * without it the download fails at once and the CLI error (naming the ways to provide one) stands.
 */
async function sdkDownloadedServer(
  opts: DevEnvironmentOptions,
  stops: Stops,
  cliError: Error,
): Promise<{ temporalAddress: string; temporalUiUrl?: string }> {
  opts.log('Temporal: no CLI available; trying the SDK download of the dev server…');
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: opts.temporalPort,
        uiPort: opts.temporalUiPort,
        dbFilename: opts.persistTemporal ? join(opts.dataDir, 'temporal.sqlite') : undefined,
      },
    });
    stops.push(() => env.teardown());
    return {
      temporalAddress: env.address,
      temporalUiUrl: opts.temporalUiPort ? `http://127.0.0.1:${opts.temporalUiPort}` : undefined,
    };
  } catch (downloadError) {
    opts.log(`Temporal: the SDK download failed too (${(downloadError as Error).message})`);
    throw cliError;
  }
}
