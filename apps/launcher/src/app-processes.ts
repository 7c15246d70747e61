import { join } from 'node:path';
import { startNodeProcess } from '../../../libs/infra/node-process';
import type { Supervisor } from './supervisor';

export interface AppProcessesOptions {
  supervisor: Supervisor;
  /** The compiled tree holding apps/api/src/main.js and apps/worker/src/main.js (dist/). */
  build: string;
  /** The environment both kinds of process share (DATABASE_URL, TEMPORAL_ADDRESS, …). */
  env: NodeJS.ProcessEnv;
  /** One API process per port. */
  apiPorts: number[];
  /** One worker per entry: the port of its /health and /metrics, or undefined for none. */
  workerHttpPorts: (number | undefined)[];
  /** Runs once the first worker is ready and before the APIs start (demo data). */
  beforeApis?: () => Promise<void>;
}

/** Names as the supervisor logs them: "API" alone, "API 1" and "API 2" side by side. */
export function processName(kind: 'API' | 'worker', index: number, count: number): string {
  return count === 1 ? kind : `${kind} ${index + 1}`;
}

/**
 * Starts the workers, then the APIs, each as a supervised child process running the compiled
 * code: restarted with back-off when it dies, stopped in reverse order by supervisor.stopAll().
 * Resolves with the APIs' base URLs once every process is ready.
 */
export async function startAppProcesses(opts: AppProcessesOptions): Promise<string[]> {
  const { supervisor, build, env } = opts;
  const workerScript = join(build, 'apps', 'worker', 'src', 'main.js');
  const apiScript = join(build, 'apps', 'api', 'src', 'main.js');
  const workers = opts.workerHttpPorts.map((httpPort, i) => {
    const name = processName('worker', i, opts.workerHttpPorts.length);
    const workerEnv = httpPort === undefined ? env : { ...env, WORKER_HTTP_PORT: String(httpPort) };
    return supervisor.start({
      name,
      start: () => startNodeProcess({ name, script: workerScript, env: workerEnv }),
    });
  });
  for (const w of workers) w.catch(() => undefined); // awaited below; marks them handled meanwhile
  if (opts.beforeApis) {
    await workers[0];
    await opts.beforeApis();
  }
  const host = env.HOST ?? '127.0.0.1';
  const apis = opts.apiPorts.map((port, i) => {
    const name = processName('API', i, opts.apiPorts.length);
    return supervisor.start({
      name,
      start: () =>
        startNodeProcess({ name, script: apiScript, env: { ...env, PORT: String(port) } }),
    });
  });
  await Promise.all([...workers, ...apis]);
  return opts.apiPorts.map((port) => `http://${host}:${port}`);
}
