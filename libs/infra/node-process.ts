import { spawn } from 'node:child_process';
import { terminate } from './processes';

export interface NodeProcess {
  pid?: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * Runs `script` in a child Node process with an IPC channel, and resolves once the child reports
 * itself ready (see parent-link.ts). The child leaves when the channel closes, so it cannot
 * outlive the process that started it, even one killed with SIGKILL.
 */
export async function startNodeProcess(opts: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  stopGraceMs?: number;
}): Promise<NodeProcess> {
  // Its own process group: a Ctrl-C reaches only the launcher, which stops the children in order.
  const child = spawn(process.execPath, [opts.script], {
    env: opts.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const timeoutMs = opts.readyTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: { type?: string }) => {
        if (message?.type === 'ready') resolve();
      });
      child.once('error', reject);
      void exited.then(({ code, signal }) =>
        reject(new Error(`The ${opts.name} exited (${code ?? signal}) before it was ready`)),
      );
      timer = setTimeout(
        () => reject(new Error(`The ${opts.name} was not ready within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
  } catch (error) {
    if (child.pid !== undefined) await terminate(child.pid, 'SIGKILL', 0);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  // The channel must not keep the parent alive.
  child.channel?.unref();
  child.unref();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      const running = child.exitCode === null && child.signalCode === null;
      if (running && child.pid !== undefined) {
        await terminate(child.pid, 'SIGTERM', opts.stopGraceMs ?? 20_000);
      }
      await exited;
    })());
  return { pid: child.pid, exited, stop };
}
