import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WatchdogTarget {
  pid: number;
  signal: NodeJS.Signals;
}

/** apps/launcher/watchdog.cjs, found from the sources (tests) or from dist/ (npm start). */
function watchdogScript(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'launcher', 'watchdog.cjs');
    if (existsSync(candidate) && !dir.endsWith('dist')) return candidate;
  }
  throw new Error('apps/launcher/watchdog.cjs not found');
}

/**
 * Starts the watchdog (see watchdog.cjs): the launcher's SIGKILL leaves no server behind. It runs
 * detached, in its own process group, and does not keep the launcher alive.
 */
export class Watchdog {
  private constructor(private readonly child: ChildProcess) {}

  static start(): Watchdog {
    const child = spawn(process.execPath, [watchdogScript()], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    child.unref();
    child.channel?.unref();
    return new Watchdog(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Replaces the list of processes to stop should the launcher die. */
  watch(targets: WatchdogTarget[]): void {
    if (this.child.connected) this.child.send({ targets });
  }

  /** An orderly shutdown: the watchdog leaves without stopping anything. */
  release(): void {
    if (!this.child.connected) return;
    this.child.send({ release: true });
    this.child.disconnect();
  }
}
