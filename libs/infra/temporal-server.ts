import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { assertPortFree } from './free-port';
import { commandLine, hasOption, isAlive, outputTail, readPidFile, terminate } from './processes';

export interface TemporalServer {
  address: string;
  uiUrl?: string;
  pid?: number;
  /** Resolves when the server process has exited, whether stopped or killed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const NAMESPACE = 'default';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/**
 * Runs `temporal server start-dev` as a child process, with the flags the Temporal SDK's own
 * test environment uses. With `dbFile` its state survives restarts; otherwise it lives in memory.
 */
export async function startTemporalDevServer(opts: {
  cliPath: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  log: (msg: string) => void;
}): Promise<TemporalServer> {
  const dbFile = opts.dbFile && path.resolve(opts.dbFile);
  if (dbFile) {
    await mkdir(path.dirname(dbFile), { recursive: true });
    await stopLeftoverServer(dbFile, opts.log);
  }
  await assertPortFree(opts.port, 'Temporal');
  if (opts.uiPort !== undefined) await assertPortFree(opts.uiPort, 'Temporal UI');

  // Its own process group: a Ctrl-C reaches only the launcher, which stops the servers in order.
  const child = spawn(opts.cliPath, devServerArgs(opts.port, opts.uiPort, dbFile), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = outputTail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = exit.then(({ code, signal }) => `exited (${code ?? signal})`);
  await once(child, 'spawn').catch((err: Error) => {
    throw new Error(`Could not run the Temporal CLI ${opts.cliPath}: ${err.message}`);
  });
  // Covers exits that skip stop(), e.g. process.exit(); 'exit' listeners cannot wait, hence SIGKILL.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  void exit.then(() => process.off('exit', killOnExit));
  if (dbFile) await writeFile(pidFile(dbFile), `${child.pid}\n`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
      if (dbFile) await rm(pidFile(dbFile), { force: true });
    })());

  const address = `127.0.0.1:${opts.port}`;
  try {
    await waitUntilServing(address, exited, output.text);
  } catch (err) {
    await stop();
    throw err;
  }
  const uiUrl = opts.uiPort === undefined ? undefined : `http://127.0.0.1:${opts.uiPort}`;
  return { address, uiUrl, pid: child.pid, exited: exit, stop };
}

function devServerArgs(port: number, uiPort?: number, dbFile?: string): string[] {
  const dynamicConfig = [
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    'frontend.enableServerVersionCheck=false',
  ];
  return [
    ...['server', 'start-dev', '--port', String(port), '--namespace', NAMESPACE],
    ...['--ip', '127.0.0.1', '--log-format', 'pretty', '--log-level', 'warn'],
    ...dynamicConfig.flatMap((value) => ['--dynamic-config-value', value]),
    ...(dbFile ? ['--db-filename', dbFile] : []),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
  ];
}

function pidFile(dbFile: string): string {
  return `${dbFile}.pid`;
}

/** A server from a run killed with SIGKILL still holds the database file (and the port). */
async function stopLeftoverServer(dbFile: string, log: (msg: string) => void) {
  const file = pidFile(dbFile);
  const pid = await readPidFile(file);
  if (pid === undefined) return;
  const args = isAlive(pid) ? await commandLine(pid) : undefined;
  if (args && hasOption(args, '--db-filename', dbFile)) {
    log(`Stopping the Temporal dev server an earlier run left running (pid ${pid})…`);
    await terminate(pid, 'SIGTERM', STOP_GRACE_MS);
  }
  await rm(file, { force: true });
}

async function stopChild(child: ChildProcess) {
  const running = child.exitCode === null && child.signalCode === null;
  if (running && child.pid !== undefined) await terminate(child.pid, 'SIGTERM', STOP_GRACE_MS);
}

async function waitUntilServing(address: string, exited: Promise<string>, output: () => string) {
  let exit: string | undefined;
  void exited.then((how) => (exit = how));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(address))) {
    if (exit) throw new Error(`The Temporal dev server ${exit} before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      throw new Error(
        `The Temporal dev server did not answer on ${address} within 60 s:\n${output()}`,
      );
    }
    await sleep(250);
  }
}

/** connect() already calls GetSystemInfo; also wait for the namespace clients will use. */
async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
