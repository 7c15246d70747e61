import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandLine, hasOption, isAlive, outputTail, readPidFile, terminate } from './processes';

export interface ServerProcess {
  pid?: number;
  /** Resolves when the process has exited, whether stopped or killed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/**
 * Runs a server program (the Temporal dev server, the Temporal server, its UI) as a child process
 * in its own process group, and resolves once `ready()` answers true. With `pidFile` a server an
 * earlier run left behind (killed with SIGKILL, it still holds the port and the data) is stopped
 * first, recognised by `identity` (an option and its value on its command line).
 */
export async function startServerProcess(opts: {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  pidFile?: string;
  identity?: [flag: string, value: string];
  /** Runs after a leftover is stopped and before the start, e.g. to check ports. */
  before?: () => Promise<void>;
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  log: (msg: string) => void;
}): Promise<ServerProcess> {
  if (opts.pidFile && opts.identity) {
    await stopLeftover(opts.label, opts.pidFile, opts.identity, opts.log);
  }
  await opts.before?.();
  // Its own process group: a Ctrl-C reaches only the launcher, which stops the servers in order.
  const child = spawn(opts.command, opts.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: opts.env ?? process.env,
    cwd: opts.cwd,
  });
  const output = outputTail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await once(child, 'spawn').catch((err: Error) => {
    throw new Error(`Could not run ${opts.command}: ${err.message}`);
  });
  // Covers exits that skip stop(), e.g. process.exit(); 'exit' listeners cannot wait, hence SIGKILL.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  if (opts.pidFile) await writeFile(opts.pidFile, `${child.pid}\n`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      const running = child.exitCode === null && child.signalCode === null;
      if (running && child.pid !== undefined) {
        await terminate(child.pid, 'SIGTERM', STOP_GRACE_MS);
      }
      if (opts.pidFile) await rm(opts.pidFile, { force: true });
    })());

  let exit: string | undefined;
  void exited.then(({ code, signal }) => (exit = `exited (${code ?? signal})`));
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  try {
    while (!(await opts.ready())) {
      if (exit) throw new Error(`${opts.label} ${exit} before it was ready:\n${output.text()}`);
      if (Date.now() > deadline) {
        throw new Error(
          `${opts.label} was not ready within ${timeoutMs / 1000} s:\n${output.text()}`,
        );
      }
      await sleep(250);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid, exited, output: output.text, stop };
}

async function stopLeftover(
  label: string,
  file: string,
  [flag, value]: [string, string],
  log: (msg: string) => void,
) {
  const pid = await readPidFile(file);
  if (pid === undefined) return;
  const args = isAlive(pid) ? await commandLine(pid) : undefined;
  if (args && hasOption(args, flag, value)) {
    log(`Stopping ${label} an earlier run left running (pid ${pid})…`);
    await terminate(pid, 'SIGTERM', STOP_GRACE_MS);
  }
  await rm(file, { force: true });
}
