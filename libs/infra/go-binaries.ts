import { spawn } from 'node:child_process';
import { access, constants, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, outputTail, readPidFile } from './processes';

/**
 * A program GiaoViec runs but does not ship: found through an environment variable, then on PATH,
 * then in the per-user cache, which `go install` fills once per machine (downloads of release
 * binaries fail on the machines this is built on; Go modules do not).
 */
export interface GoProgram {
  /** What people call it, in messages. */
  label: string;
  /** Environment variable naming an executable to use instead. */
  envVar: string;
  /** Executable name on PATH, and in the cache. */
  command: string;
  /** Go package (module path + /cmd/…) and its version. */
  goPackage: string;
  version: string;
  /** Cache folder under ~/.cache/giaoviec, one per version. */
  cacheName: string;
  /** A pointer for people without Go. */
  docs: string;
}

// v1.6 and later carry a `replace` directive, which `go install pkg@version` refuses.
export const TEMPORAL_CLI: GoProgram = {
  label: 'the Temporal CLI (runs the local Temporal dev server)',
  envVar: 'TEMPORAL_CLI',
  command: 'temporal',
  goPackage: 'github.com/temporalio/cli/cmd/temporal',
  version: 'v1.5.1',
  cacheName: 'temporal-cli',
  docs: 'https://docs.temporal.io/cli',
};

/** The server the CLI v1.5.1 embeds, as a production server (deploy/temporal/config). */
export const TEMPORAL_SERVER: GoProgram = {
  label: 'the Temporal server',
  envVar: 'TEMPORAL_SERVER_BIN',
  command: 'temporal-server',
  goPackage: 'go.temporal.io/server/cmd/server',
  version: 'v1.29.1',
  cacheName: 'temporal-server',
  docs: 'https://docs.temporal.io/self-hosted-guide',
};

/** Temporal's schema tool for SQL stores: creates and upgrades both of the server's databases. */
export const TEMPORAL_SQL_TOOL: GoProgram = {
  label: 'temporal-sql-tool',
  envVar: 'TEMPORAL_SQL_TOOL',
  command: 'temporal-sql-tool',
  goPackage: 'go.temporal.io/server/cmd/tools/sql',
  version: 'v1.29.1',
  cacheName: 'temporal-sql-tool',
  docs: 'https://docs.temporal.io/self-hosted-guide/visibility#postgresql',
};

/** The Temporal Web UI server the CLI v1.5.1 embeds (its assets are in the module). */
export const TEMPORAL_UI: GoProgram = {
  label: 'the Temporal Web UI',
  envVar: 'TEMPORAL_UI_SERVER',
  command: 'temporal-ui-server',
  goPackage: 'github.com/temporalio/ui-server/v2/cmd/server',
  version: 'v2.42.1',
  cacheName: 'temporal-ui',
  docs: 'https://github.com/temporalio/ui-server',
};

export function locateTemporalCli(log: (msg: string) => void): Promise<string> {
  return locateGoProgram(TEMPORAL_CLI, log);
}

export async function locateGoProgram(
  program: GoProgram,
  log: (msg: string) => void,
): Promise<string> {
  const configured = process.env[program.envVar];
  if (configured) {
    if (await isExecutable(configured)) return configured;
    throw new Error(`${program.envVar}=${configured} is not an executable file`);
  }
  const onPath = await findOnPath(program.command);
  if (onPath) return onPath;
  const cached = path.join(cacheDir(program), program.command);
  if (await isExecutable(cached)) return cached;
  if (await findOnPath('go')) return buildIntoCache(program, cached, log);
  throw new Error(
    [
      `${capitalised(program.label)} (\`${program.command}\`) was not found. Either`,
      `  - set ${program.envVar} to the path of the executable,`,
      `  - put \`${program.command}\` on PATH (${program.docs}), or`,
      `  - install Go (https://go.dev/dl/) so that ${program.goPackage}@${program.version} is built into ${cacheDir(program)}.`,
    ].join('\n'),
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cacheDir(program: GoProgram): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'giaoviec', program.cacheName, program.version);
}

async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Builds `target` once; concurrent callers (two test runs) wait for the one holding the lock. */
async function buildIntoCache(
  program: GoProgram,
  target: string,
  log: (msg: string) => void,
): Promise<string> {
  const dir = path.dirname(target);
  const lock = path.join(dir, '.build.lock');
  await mkdir(dir, { recursive: true });
  let waitAnnounced = false;
  while (!(await isExecutable(target))) {
    if (await acquireLock(lock)) {
      try {
        if (!(await isExecutable(target))) await build(program, target, log);
      } finally {
        await rm(lock, { force: true });
      }
      continue;
    }
    const holder = await readPidFile(lock);
    if (holder === undefined || !isAlive(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    if (!waitAnnounced) log(`Waiting for process ${holder}, which is building ${program.label}…`);
    waitAnnounced = true;
    await sleep(2000);
  }
  return target;
}

/** Creates `lock` holding our pid, atomically: link() fails when it already exists. */
async function acquireLock(lock: string): Promise<boolean> {
  const ours = `${lock}.${process.pid}`;
  await writeFile(ours, `${process.pid}\n`);
  try {
    await link(ours, lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(ours, { force: true });
  }
}

/** Installs into a scratch GOBIN and renames, so a killed build never leaves a partial binary. */
async function build(program: GoProgram, target: string, log: (msg: string) => void) {
  log(
    `Building ${program.label} from Go modules (several minutes the first time; cached afterwards)…`,
  );
  const gobin = path.join(path.dirname(target), '.build');
  await rm(gobin, { recursive: true, force: true });
  try {
    await goInstall(program, gobin, log);
    // `go install` names the binary after the package's last path element (`server`, `sql`…).
    await rename(path.join(gobin, path.basename(program.goPackage)), target);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  log(`Built ${program.label} into ${target}`);
}

function goInstall(program: GoProgram, gobin: string, log: (msg: string) => void): Promise<void> {
  const module = `${program.goPackage}@${program.version}`;
  const started = Date.now();
  const child = spawn('go', ['install', module], {
    env: { ...process.env, GOBIN: gobin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = outputTail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);
  const progress = setInterval(() => {
    log(`  still building ${program.label} (${Math.round((Date.now() - started) / 1000)} s)…`);
  }, 30_000);
  return new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`go install ${module} failed (${code ?? signal}):\n${output.text()}`)),
    );
  }).finally(() => clearInterval(progress));
}
