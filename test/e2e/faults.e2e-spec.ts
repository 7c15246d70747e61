import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import { Supervisor } from '../../apps/launcher/src/supervisor';
import { migrate } from '../../db/data-source';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { DEMO_PASSWORD } from '../../db/seeds/demo-organization';
import { createApiApp } from '../../apps/api/src/create-api-app';
import {
  ensureDatabase,
  freePort,
  locateTemporalCli,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '../../libs/infra';
import { startNodeProcess } from '../../libs/infra/node-process';
import { dayFromToday } from '../support/dates';
import { testEnv } from '../support/test-env';

/**
 * The stack as `npm start` runs it (PostgreSQL, Temporal, worker and API as supervised processes,
 * on private ports and data), with each of them killed with SIGKILL in turn while tasks are
 * assigned, acted on and reminded. One calendar day lasts DAY_MS; each task gets exactly three
 * reminders (1 day before, on the due day, 1 day after: the next overdue one is 1000 days later).
 */
const DAY_MS = 4000;
const TASKS = 100;
const REMINDERS_PER_TASK = 3;
const root = resolve(__dirname, '..', '..');

describe('Supervised processes survive being killed during a workload', () => {
  const lines: string[] = [];
  const supervisor = new Supervisor((l) => lines.push(l), {
    initialMs: 200,
    maxMs: 2000,
    resetAfterMs: 60_000,
  });
  let dir: string;
  let build: string;
  let databaseUrl: string;
  let temporalAddress: string;
  let baseUrl: string;

  let setupSeconds = 0;
  beforeAll(async () => {
    const setupStarted = Date.now();
    // The children run compiled code, as under npm start: a private build, inside the checkout so
    // that node_modules resolves.
    build = join(root, 'node_modules', '.cache', `giaoviec-faults-${process.pid}`);
    execFileSync(
      join(root, 'node_modules', '.bin', 'swc'),
      // apps/web is the browser app, a package of its own (its build is not the server's).
      [
        'apps',
        'libs',
        'workflows',
        'db',
        '-d',
        build,
        '--copy-files',
        '-q',
        '--ignore',
        'apps/web/**',
      ],
      { cwd: root, stdio: 'pipe' },
    );
    dir = mkdtempSync(join(tmpdir(), 'giaoviec-faults-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root
    const quiet = () => undefined;
    const pgPort = await freePort();
    const pg = await supervisor.start({
      name: 'PostgreSQL',
      start: () => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort, log: quiet }),
    });
    databaseUrl = await ensureDatabase(pg.url, 'giaoviec_faults');
    const cliPath = await locateTemporalCli(quiet);
    const temporalPort = await freePort();
    const temporal = await supervisor.start({
      name: 'Temporal',
      start: () =>
        startTemporalDevServer({
          cliPath,
          port: temporalPort,
          dbFile: join(dir, 'temporal.sqlite'),
          log: quiet,
        }),
    });
    temporalAddress = temporal.address;
    await migrate(databaseUrl);

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const overrides = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: 'faults',
      TEMPORAL_WORKFLOW_BUNDLE: testEnv('bundle'),
      JWT_SECRET: randomBytes(24).toString('hex'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      TASK_DAY_LENGTH_MS: String(DAY_MS),
      TASK_REMINDER_DAYS_BEFORE: '1',
      TASK_OVERDUE_FIRST_AFTER_DAYS: '1',
      TASK_OVERDUE_REPEAT_DAYS: '1000',
      // Days last seconds here: a due date on a weekend would move reminders by real weekdays.
      DEADLINE_ON_NON_WORKING_DAY: 'as_written',
      TASK_REMINDERS_ON_WORKING_DAYS: 'false',
    };
    const env = { ...process.env, ...overrides };
    // The organisation needs no workflow: seeding runs while the worker and the API start.
    const children = Promise.all([
      supervisor.start({
        name: 'worker',
        start: () =>
          startNodeProcess({ name: 'worker', script: join(build, 'apps/worker/src/main.js'), env }),
      }),
      supervisor.start({
        name: 'API',
        start: () =>
          startNodeProcess({ name: 'API', script: join(build, 'apps/api/src/main.js'), env }),
      }),
    ]);
    children.catch(() => undefined); // awaited below
    const seeder = await createApiApp(overrides);
    await seeder.init();
    await seedOrganization(seeder);
    await seeder.close();
    await children;
    setupSeconds = Math.round((Date.now() - setupStarted) / 1000);
  }, 180_000);

  afterAll(async () => {
    process.stderr.write(`[faults] supervisor:\n  ${lines.join('\n  ')}\n`);
    await supervisor.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (build) rmSync(build, { recursive: true, force: true });
  }, 60_000);

  /** One HTTP call; a refused or timed-out request is status 0, never a throw. */
  async function call(method: string, path: string, token?: string, body?: unknown) {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch (error) {
      return { status: 0, body: String((error as Error).cause ?? error) };
    }
  }

  async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []) {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function eventually<T>(probe: () => Promise<T>, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value || Date.now() > until) return value as T;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function login(username: string): Promise<string> {
    const res = await eventually(async () => {
      const r = await call('POST', '/api/v1/auth/login', undefined, {
        username,
        password: DEMO_PASSWORD,
      });
      return r.status === 200 ? r : undefined;
    }, 60_000);
    if (!res) throw new Error(`${username} could not log in within 60 s`);
    return res.body.accessToken;
  }

  /** SIGKILLs `name`, then waits for the supervisor to have it running again. */
  async function kill(name: string) {
    const pid = supervisor.pid(name)!;
    const restarted = supervisor.nextStart(name);
    process.kill(pid, 'SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const newPid = await Promise.race([
      restarted,
      new Promise((r) => (timer = setTimeout(() => r(undefined), 90_000))),
    ]).finally(() => clearTimeout(timer));
    expect(newPid).toEqual(expect.any(Number));
    expect(newPid).not.toBe(pid);
    return pid;
  }

  it('loses no acknowledged write, records each reminder once and leaves no workflow stuck', async () => {
    const [leader, manager] = [await login('chutich'), await login('skhdt.giamdoc')];
    const [skhdt] = await sql<{ id: string }>(`SELECT id FROM units WHERE code = 'SKHDT'`);
    const tag = randomBytes(3).toString('hex');

    // Assign the tasks, due in 2 to 4 days: their reminders fall during the faults below.
    const created: string[] = [];
    const refused: string[] = [];
    const assign = async (i: number) => {
      const r = await call('POST', '/api/v1/tasks', leader, {
        title: `Nhiệm vụ kiểm thử sự cố ${tag} số ${i}`,
        source: 'ubnd_tinh',
        leadUnitId: skhdt.id,
        dueDate: dayFromToday(2 + (i % 3)),
      });
      if (r.status === 201) created.push(r.body.id);
      else refused.push(`${r.status} ${JSON.stringify(r.body)}`);
    };
    for (let i = 0; i < TASKS; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => assign(i + k)));
    }
    expect(refused).toEqual([]);
    expect(created).toHaveLength(TASKS);

    // Actions keep coming while the processes are killed: accept, then report progress. Each
    // actor has its own tasks (parallel actions on one task are another suite's subject).
    const accepted: string[] = [];
    const progressNotes = new Map<string, string>();
    const attempts = new Map<string, number>();
    const state = new Map<string, 'new' | 'accepted' | 'done'>(created.map((id) => [id, 'new']));
    // Until every task has had both actions, at most a minute after the last fault.
    let stopActingAt = Infinity;
    const actor = async (mine: string[]) => {
      do {
        for (const id of mine) {
          if (state.get(id) === 'new') {
            const r = await call('POST', `/api/v1/tasks/${id}/accept`, manager, {});
            if (r.status === 200) accepted.push(id);
            // 409: an earlier accept was stored though its answer was lost.
            if (r.status === 200 || r.status === 409) state.set(id, 'accepted');
          } else if (state.get(id) === 'accepted') {
            // A new note per attempt: an unanswered attempt may have been stored too.
            const note = `Tiến độ ${tag} ${id} lần ${(attempts.get(id) ?? 0) + 1}`;
            attempts.set(id, (attempts.get(id) ?? 0) + 1);
            const r = await call('POST', `/api/v1/tasks/${id}/progress`, manager, {
              percent: 50,
              note,
            });
            if (r.status === 200) progressNotes.set(id, note);
            if (r.status !== 0 && r.status < 500) state.set(id, 'done');
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      } while ([...state.values()].some((s) => s !== 'done') && Date.now() < stopActingAt);
    };
    const actors = Promise.all([
      actor(created.filter((_, i) => i % 2 === 0)),
      actor(created.filter((_, i) => i % 2 === 1)),
    ]);

    const phases: string[] = [];
    const began = Date.now();
    const phase = (name: string) =>
      phases.push(`${name} ${((Date.now() - began) / 1000).toFixed(0)} s`);
    const killed: string[] = [];
    for (const name of ['worker', 'API', 'Temporal', 'PostgreSQL']) {
      await new Promise((r) => setTimeout(r, 1000));
      killed.push(`${name} ${await kill(name)}`);
    }
    stopActingAt = Date.now() + 60_000;
    await actors;
    phase('faults');
    for (const k of killed) {
      const [name, pid] = k.split(' ');
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${name} \\(pid ${pid}\\) killed by SIGKILL`)),
      );
    }
    // Killed once; a worker restarted just before Temporal or PostgreSQL went down may fail its
    // start-up once more (exit 1) and be restarted again, which is the supervisor's job.
    expect(supervisor.restarts('worker')).toBeGreaterThanOrEqual(1);
    expect(supervisor.restarts('worker')).toBeLessThanOrEqual(3);

    // The API recovers its PostgreSQL pool and its Temporal connection.
    const health = await eventually(async () => {
      const r = await call('GET', '/health');
      return r.status === 200 ? r : undefined;
    }, 60_000);
    expect(health?.body.status).toBe('ok');
    await login('chutich');

    // Every acknowledged assignment and action is stored, once.
    const rows = await sql<{ id: string; status: string; title: string }>(
      `SELECT id, status, title FROM tasks WHERE title LIKE $1`,
      [`%${tag}%`],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...created].sort());
    expect(accepted.length).toBeGreaterThan(TASKS / 2);
    expect(progressNotes.size).toBeGreaterThan(TASKS / 2);
    const events = await sql<{ task_id: string; action: string; n: number; notes: string[] }>(
      `SELECT task_id, action, count(*)::int AS n, array_agg(data->>'note') AS notes
       FROM task_events WHERE task_id = ANY($1) AND action IN ('accept', 'reportProgress')
       GROUP BY task_id, action`,
      [created],
    );
    const acceptEvents = events.filter((e) => e.action === 'accept');
    for (const id of accepted) {
      expect(acceptEvents.find((e) => e.task_id === id)).toMatchObject({ n: 1 });
    }
    for (const [id, note] of progressNotes) {
      const progress = events.find((e) => e.task_id === id && e.action === 'reportProgress');
      expect(progress?.notes.filter((n) => n === note)).toEqual([note]);
    }

    // Every reminder is recorded exactly once, and all of them are.
    let counted = 0;
    await eventually(async () => {
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM task_reminders WHERE task_id = ANY($1)`,
        [created],
      );
      counted = n;
      return n >= TASKS * REMINDERS_PER_TASK;
      // An activity running on a killed worker is retried after its 30 s timeout, then backs off
      // (up to 30 s) while Temporal and PostgreSQL come back: on a loaded CI machine the last
      // reminders have taken more than two minutes.
    }, 180_000);
    // The tasks still short of reminders, and the supervisor's log, come along to explain a failure.
    const short = await sql<{ task_id: string; kinds: string[] }>(
      `SELECT t.id AS task_id, array_remove(array_agg(r.kind ORDER BY r.kind), NULL) AS kinds
       FROM unnest($1::uuid[]) AS t(id) LEFT JOIN task_reminders r ON r.task_id = t.id
       GROUP BY t.id HAVING count(r.kind) <> $2`,
      [created, REMINDERS_PER_TASK],
    );
    expect({ counted, short, lines }).toEqual({
      counted: TASKS * REMINDERS_PER_TASK,
      short: [],
      lines,
    });
    const perKind = await sql<{ kind: string; n: number }>(
      `SELECT kind, count(DISTINCT task_id)::int AS n FROM task_reminders
       WHERE task_id = ANY($1) GROUP BY kind ORDER BY kind`,
      [created],
    );
    expect(perKind).toEqual([
      { kind: 'before_1', n: TASKS },
      { kind: 'due_day', n: TASKS },
      { kind: 'overdue_1', n: TASKS },
    ]);
    const duplicateNotices = await sql(
      `SELECT user_id, dedupe_key FROM notifications WHERE task_id = ANY($1)
       GROUP BY user_id, dedupe_key HAVING count(*) > 1`,
      [created],
    );
    expect(duplicateNotices).toEqual([]);

    phase('reminders');
    // The completion report equals a direct count.
    const today = dayFromToday(0);
    const report = await call(
      'GET',
      `/api/v1/reports/completion?scope=UBND&from=${today}&to=${today}`,
      leader,
    );
    expect(report.status).toBe(200);
    const [direct] = await sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM tasks WHERE assigned_on = $1 AND cancelled_on IS NULL`,
      [today],
    );
    expect(report.body.window.totals.total).toBe(direct.total);

    // No workflow is stuck: each answers its query with the row's status, and takes one more
    // action.
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const temporal = new TemporalClient({ connection });
      for (let i = 0; i < created.length; i += 20) {
        await Promise.all(
          created.slice(i, i + 20).map(async (id) => {
            const r = await call('POST', `/api/v1/tasks/${id}/cancel`, leader, {
              reason: 'Kết thúc kiểm thử sự cố',
            });
            expect(r.status).toBe(200);
            const handle = temporal.workflow.getHandle(`task-${id}`);
            const status = await eventually(async () => {
              const { name } = (await handle.describe()).status;
              return name === 'RUNNING' ? undefined : name;
            }, 30_000);
            expect(status).toBe('COMPLETED');
          }),
        );
      }
    } finally {
      await connection.close();
    }
    process.stderr.write(
      `[faults] ${killed.length} processes killed and restarted (${killed.join(', ')}); ` +
        `${created.length} tasks, ${accepted.length} accepts and ${progressNotes.size} progress ` +
        `reports acknowledged, ${counted} reminders; setup ${setupSeconds} s, ${phases.join(', ')}\n`,
    );
    const [{ open }] = await sql<{ open: number }>(
      `SELECT count(*)::int AS open FROM tasks WHERE id = ANY($1) AND status <> 'cancelled'`,
      [created],
    );
    expect(open).toBe(0);
  }, 420_000);

  it('takes the servers and the Node children with it when the launcher is killed with SIGKILL', async () => {
    const childScript = join(dir, 'child.js');
    writeFileSync(
      childScript,
      `require(${JSON.stringify(join(build, 'libs/infra/parent-link.js'))}).linkToParent(async () => {});
       setInterval(() => {}, 1000);`,
    );
    const launcherScript = `
      const { spawn } = require('node:child_process');
      const { Watchdog } = require(${JSON.stringify(join(build, 'apps/launcher/src/watchdog.js'))});
      const { startNodeProcess } = require(${JSON.stringify(join(build, 'libs/infra/node-process.js'))});
      (async () => {
        const watchdog = Watchdog.start();
        const server = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
        const child = await startNodeProcess({ name: 'child', script: ${JSON.stringify(childScript)}, env: process.env });
        watchdog.watch([{ pid: server.pid, signal: 'SIGTERM' }]);
        console.log(JSON.stringify({ server: server.pid, child: child.pid, watchdog: watchdog.pid }));
      })();`;
    const launcher = spawn(process.execPath, ['-e', launcherScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(launcher.stdout!, 'data')) as [Buffer];
    const pids: Record<string, number> = JSON.parse(line.toString());
    // Orphans are reparented; a zombie waiting for a reaper that never comes is gone too.
    const alive = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
      } catch {
        return false;
      }
    };
    expect(Object.values(pids).every(alive)).toBe(true);

    launcher.kill('SIGKILL');
    const gone = await eventually(
      async () => Object.values(pids).every((pid) => !alive(pid)),
      10_000,
    );
    expect(gone).toBe(true);
  });
});
