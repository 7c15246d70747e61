import { spawn } from 'node:child_process';
import { access, constants, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, outputTail, readPidFile } from './processes';

// v1.6 and later carry a `replace` directive, which `go install pkg@version` refuses.
const CLI_VERSION = 'v1.5.1';
const CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${CLI_VERSION}`;

/**
 * Finds the Temporal CLI: $TEMPORAL_CLI, then `temporal` on PATH, then the per-user cache, which
 * is filled with `go install` when Go is available.
 */
export async function locateTemporalCli(log: (msg: string) => void): Promise<string> {
  const configured = process.env.TEMPORAL_CLI;
  if (configured) {
    if (await isExecutable(configured)) return configured;
    throw new Error(`TEMPORAL_CLI=${configured} is not an executable file`);
  }
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;
  const cached = path.join(cacheDir(), 'temporal');
  if (await isExecutable(cached)) return cached;
  if (await findOnPath('go')) return buildIntoCache(cached, log);
  throw new Error(
    [
      'The Temporal CLI (`temporal`), which runs the local Temporal dev server, was not found. Either',
      '  - set TEMPORAL_CLI to the path of a `temporal` executable,',
      '  - put `temporal` on PATH (https://docs.temporal.io/cli), or',
      `  - install Go (https://go.dev/dl/) so that ${CLI_MODULE} is built into ${cacheDir()};`,
      'or set TEMPORAL_ADDRESS to use a Temporal server that is already running.',
    ].join('\n'),
  );
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'giaoviec', 'temporal-cli', CLI_VERSION);
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
async function buildIntoCache(target: string, log: (msg: string) => void): Promise<string> {
  const dir = path.dirname(target);
  const lock = path.join(dir, '.build.lock');
  await mkdir(dir, { recursive: true });
  let waitAnnounced = false;
  while (!(await isExecutable(target))) {
    if (await acquireLock(lock)) {
      try {
        if (!(await isExecutable(target))) await build(target, log);
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
    if (!waitAnnounced) log(`Waiting for process ${holder}, which is building the Temporal CLI…`);
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
async function build(target: string, log: (msg: string) => void) {
  log(
    'Building the Temporal CLI from Go modules (several minutes the first time; cached afterwards)…',
  );
  const gobin = path.join(path.dirname(target), '.build');
  await rm(gobin, { recursive: true, force: true });
  try {
    await goInstall(gobin, log);
    await rename(path.join(gobin, 'temporal'), target);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  log(`Built the Temporal CLI into ${target}`);
}

function goInstall(gobin: string, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  const child = spawn('go', ['install', CLI_MODULE], {
    env: { ...process.env, GOBIN: gobin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = outputTail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);
  const progress = setInterval(() => {
    log(`  still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)…`);
  }, 30_000);
  return new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`go install ${CLI_MODULE} failed (${code ?? signal}):\n${output.text()}`),
          ),
    );
  }).finally(() => clearInterval(progress));
}
