import { ChildExit, RestartBackoff, RunningChild, Supervisor } from './supervisor';

describe('RestartBackoff', () => {
  it('doubles from half a second up to thirty seconds while the process keeps dying young', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 10 }, () => backoff.next(1_000));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('starts over at half a second after the process stayed up for a minute', () => {
    const backoff = new RestartBackoff();
    [1, 2, 3, 4].forEach(() => backoff.next(100));
    expect(backoff.next(59_999)).toBe(8000);
    expect(backoff.next(60_000)).toBe(500);
    expect(backoff.next(10)).toBe(1000);
  });

  it('honours other bounds', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maxMs: 250, resetAfterMs: 5000 });
    expect([0, 0, 0, 0].map(() => backoff.next(0))).toEqual([100, 200, 250, 250]);
  });
});

/** A fake process whose death the test triggers. */
function fakeChild(pid: number) {
  let die!: (exit: ChildExit) => void;
  const exited = new Promise<ChildExit>((resolve) => (die = resolve));
  const child: RunningChild & { die: typeof die; stopped: boolean } = {
    pid,
    exited,
    die,
    stopped: false,
    stop: async () => {
      child.stopped = true;
      die({ code: 0, signal: null });
    },
  };
  return child;
}

describe('Supervisor', () => {
  const fastBackoff = { initialMs: 10, maxMs: 40, resetAfterMs: 60_000 };

  it('restarts a process that dies, logging the signal and the delay', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((l) => lines.push(l), fastBackoff);
    const started: ReturnType<typeof fakeChild>[] = [];
    await supervisor.start({
      name: 'worker',
      start: async () => {
        const child = fakeChild(100 + started.length);
        started.push(child);
        return child;
      },
    });
    const restarted = supervisor.nextStart('worker');
    started[0].die({ code: null, signal: 'SIGKILL' });
    expect(await restarted).toBe(101);
    expect(supervisor.pid('worker')).toBe(101);
    expect(supervisor.restarts('worker')).toBe(1);
    expect(lines[0]).toMatch(
      /^worker \(pid 100\) killed by SIGKILL after 0\.\d s; restarting in 10 ms$/,
    );
    expect(lines[1]).toBe('worker restarted (pid 101)');
    await supervisor.stopAll();
  });

  it('keeps retrying a start that fails, with growing delays', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((l) => lines.push(l), fastBackoff);
    let attempts = 0;
    const first = fakeChild(1);
    await supervisor.start({
      name: 'PostgreSQL',
      start: async () => {
        attempts += 1;
        if (attempts === 1) return first;
        if (attempts < 4) throw new Error('port busy');
        return fakeChild(attempts);
      },
    });
    const restarted = supervisor.nextStart('PostgreSQL');
    first.die({ code: 1, signal: null });
    expect(await restarted).toBe(4);
    expect(lines.filter((l) => l.includes('did not restart'))).toEqual([
      'PostgreSQL did not restart (port busy); trying again in 20 ms',
      'PostgreSQL did not restart (port busy); trying again in 40 ms',
    ]);
    await supervisor.stopAll();
  });

  it('stops everything in reverse order and restarts nothing afterwards', async () => {
    const supervisor = new Supervisor(() => undefined, fastBackoff);
    const order: string[] = [];
    const children = new Map<string, ReturnType<typeof fakeChild>>();
    for (const name of ['PostgreSQL', 'Temporal', 'worker', 'API']) {
      await supervisor.start({
        name,
        start: async () => {
          const child = fakeChild(children.size + 1);
          const stop = child.stop;
          child.stop = async () => {
            order.push(name);
            await stop();
          };
          children.set(name, child);
          return child;
        },
      });
    }
    await supervisor.stopAll();
    expect(order).toEqual(['API', 'worker', 'Temporal', 'PostgreSQL']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(children.size).toBe(4);
    expect(supervisor.pids()).toEqual({});
  });
  it('keeps a paused process down, even when it exits, until it is resumed', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((l) => lines.push(l), fastBackoff);
    const started: ReturnType<typeof fakeChild>[] = [];
    await supervisor.start({
      name: 'API 1',
      start: async () => {
        const child = fakeChild(200 + started.length);
        started.push(child);
        return child;
      },
    });
    await supervisor.pause('API 1');
    expect(supervisor.pid('API 1')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(started).toHaveLength(1);
    expect(await supervisor.resume('API 1')).toBe(201);
    expect(supervisor.pid('API 1')).toBe(201);
    expect(supervisor.restarts('API 1')).toBe(0);
    await expect(supervisor.resume('API 1')).rejects.toThrow('API 1 is not paused');
    // After resuming it is supervised again: a death is a restart.
    const restarted = supervisor.nextStart('API 1');
    started[1].die({ code: 1, signal: null });
    expect(await restarted).toBe(202);
    expect(lines).toContain('API 1 resumed (pid 201)');
    await supervisor.stopAll();
  });
});
