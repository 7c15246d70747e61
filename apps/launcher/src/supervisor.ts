import { EventEmitter } from 'node:events';

/** How a supervised process ended: an exit code, or the signal that killed it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started process as the supervisor sees it. */
export interface RunningChild {
  pid?: number;
  /** Resolves when the process is gone, for whatever reason. */
  exited: Promise<ChildExit>;
  /** Stops it deliberately (the supervisor then does not restart it). */
  stop(): Promise<void>;
}

export interface ChildSpec<T extends RunningChild = RunningChild> {
  /** "PostgreSQL", "Temporal", "worker", "API": used in the log lines. */
  name: string;
  /** Starts the process and resolves once it is ready to serve. */
  start(): Promise<T>;
}

export interface BackoffOptions {
  /** Delay before the first restart. */
  initialMs: number;
  /** Delays double up to this. */
  maxMs: number;
  /** A process that ran this long was healthy: its next restart starts over at initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  resetAfterMs: 60_000,
};

/**
 * Exponential back-off for restarts: 0.5 s, 1 s, 2 s … up to 30 s while a process keeps dying
 * soon after it starts; back to 0.5 s once it has stayed up a minute.
 */
export class RestartBackoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The delay before restarting a process that died after running `uptimeMs`. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.options.resetAfterMs) this.attempt = 0;
    const delay = Math.min(this.options.initialMs * 2 ** this.attempt, this.options.maxMs);
    if (delay < this.options.maxMs) this.attempt += 1;
    return delay;
  }
}

interface Slot {
  spec: ChildSpec;
  backoff: RestartBackoff;
  child?: RunningChild;
  startedAt: number;
  restarts: number;
  timer?: NodeJS.Timeout;
  /** Stopped on purpose by pause(): not restarted. */
  paused?: boolean;
}

const describeExit = ({ code, signal }: ChildExit) =>
  signal ? `killed by ${signal}` : `exited with code ${code}`;

/**
 * Starts processes in order, restarts any that dies unexpectedly (with back-off, logging each
 * death and restart) and stops them in reverse order. Events: `started` (name, pid) after every
 * (re)start, `exit` (name, ChildExit) for every unexpected death.
 */
export class Supervisor extends EventEmitter {
  private readonly slots: Slot[] = [];
  private stopping = false;

  constructor(
    private readonly log: (message: string) => void,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {
    super();
  }

  /** Starts `spec` once; a failure here is the caller's (nothing is retried before it ran). */
  async start<T extends RunningChild>(spec: ChildSpec<T>): Promise<T> {
    const slot: Slot = {
      spec,
      backoff: new RestartBackoff(this.backoff),
      startedAt: Date.now(),
      restarts: 0,
    };
    // Reserved before starting, so that processes started concurrently still stop in call order.
    this.slots.push(slot);
    try {
      const child = await spec.start();
      if (this.stopping) {
        await child.stop();
        throw new Error(`${spec.name} started while everything was stopping`);
      }
      this.attach(slot, child);
      return child;
    } catch (error) {
      this.slots.splice(this.slots.indexOf(slot), 1);
      throw error;
    }
  }

  /** The current process id of `name`, if it is running. */
  pid(name: string): number | undefined {
    return this.slot(name)?.child?.pid;
  }

  /** Process ids of everything running now, by name. */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const s of this.slots) if (s.child?.pid !== undefined) pids[s.spec.name] = s.child.pid;
    return pids;
  }

  restarts(name: string): number {
    return this.slot(name)?.restarts ?? 0;
  }

  /** Resolves on the next `started` of `name` (a restart). */
  nextStart(name: string): Promise<number | undefined> {
    return new Promise((resolve) => {
      const listener = (started: string, pid?: number) => {
        if (started !== name) return;
        this.off('started', listener);
        resolve(pid);
      };
      this.on('started', listener);
    });
  }

  /**
   * Stops `name` deliberately and keeps it stopped (no restart) until `resume(name)`: what an
   * operator does for maintenance, and what the tests do to keep a part down for a while.
   */
  async pause(name: string): Promise<void> {
    const slot = this.slot(name);
    if (!slot) throw new Error(`${name} is not supervised`);
    clearTimeout(slot.timer);
    slot.paused = true;
    const child = slot.child;
    slot.child = undefined;
    if (!child) return;
    this.log(`Stopping ${name} (paused)…`);
    await child.stop();
  }

  /** Starts a paused `name` again; resolves with its new pid once it is ready. */
  async resume(name: string): Promise<number | undefined> {
    const slot = this.slot(name);
    if (!slot) throw new Error(`${name} is not supervised`);
    if (!slot.paused) throw new Error(`${name} is not paused`);
    if (this.stopping) throw new Error(`${name} cannot resume while everything is stopping`);
    slot.paused = false;
    const child = await slot.spec.start();
    this.log(`${name} resumed (pid ${child.pid})`);
    this.attach(slot, child);
    return child.pid;
  }

  /** Stops everything in reverse start order; nothing is restarted afterwards. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const slot of [...this.slots].reverse()) {
      clearTimeout(slot.timer);
      const child = slot.child;
      slot.child = undefined;
      if (!child) continue;
      this.log(`Stopping ${slot.spec.name}…`);
      await child.stop().catch((e: Error) => this.log(`${slot.spec.name}: ${e.message}`));
    }
  }

  private slot(name: string): Slot | undefined {
    return this.slots.find((s) => s.spec.name === name);
  }

  private attach(slot: Slot, child: RunningChild) {
    slot.child = child;
    slot.startedAt = Date.now();
    this.emit('started', slot.spec.name, child.pid);
    void child.exited.then((exit) => {
      if (this.stopping || slot.paused || slot.child !== child) return;
      slot.child = undefined;
      this.emit('exit', slot.spec.name, exit);
      const uptime = Date.now() - slot.startedAt;
      const delay = slot.backoff.next(uptime);
      this.log(
        `${slot.spec.name} (pid ${child.pid}) ${describeExit(exit)} after ` +
          `${(uptime / 1000).toFixed(1)} s; restarting in ${delay} ms`,
      );
      this.scheduleRestart(slot, delay);
    });
  }

  private scheduleRestart(slot: Slot, delay: number) {
    slot.timer = setTimeout(() => void this.restart(slot), delay);
  }

  private async restart(slot: Slot) {
    if (this.stopping || slot.paused) return;
    const attemptStarted = Date.now();
    try {
      const child = await slot.spec.start();
      if (this.stopping) {
        await child.stop();
        return;
      }
      slot.restarts += 1;
      this.log(`${slot.spec.name} restarted (pid ${child.pid})`);
      this.attach(slot, child);
    } catch (error) {
      if (this.stopping) return;
      const delay = slot.backoff.next(Date.now() - attemptStarted);
      this.log(
        `${slot.spec.name} did not restart (${(error as Error).message.split('\n')[0]}); ` +
          `trying again in ${delay} ms`,
      );
      this.scheduleRestart(slot, delay);
    }
  }
}
