/**
 * npm run bench:tasks — assignment throughput, reminder lag and worker memory on real servers.
 *
 *  1. Assign N tasks (default 5 000) through the HTTP API, C requests in flight, and time until
 *     every workflow has started and every row is written.
 *  2. With one calendar day compressed to DAY_MS (60 s), the last R tasks (default 1 000) are due
 *     in two days and get a reminder the day before and on the day, while all N tasks stay open;
 *     the lag of each reminder (sent_at − scheduled_at) is measured in PostgreSQL. The other tasks
 *     are due in 30–60 days, so their reminders fall after the run.
 *  3. Each worker runs as its own process; its peak RSS (VmHWM) is read at the end, and the
 *     Temporal server's.
 * Environment: BENCH_TASKS, BENCH_BATCH (tasks per request; 1 = POST /tasks, default 100 through
 * POST /tasks/bulk), BENCH_CONCURRENCY, BENCH_REMINDER_TASKS, BENCH_DAY_MS, BENCH_OBSERVE_S;
 * BENCH_TOPOLOGY `dev` (the Temporal CLI dev server, as npm start) or `cluster` (the Temporal
 * server on PostgreSQL, as npm run start:cluster) and BENCH_WORKERS (worker processes, default 1).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { startThrowawayEnvironment } from '../../apps/launcher/src/dev-environment';
import { startClusterEnvironment } from '../../apps/launcher/src/cluster-environment';
import { Supervisor } from '../../apps/launcher/src/supervisor';
import { migrate } from '../../db/data-source';
import { DEMO_PASSWORD, seedOrganization } from '../../db/seeds/demo-organization';
import { freeClusterPorts, freePort } from '../../libs/infra';
import { log, machine, runBench } from './bench-support';

const N = Number(process.env.BENCH_TASKS ?? 5000);
/** Tasks per request: 1 uses POST /tasks, more uses POST /tasks/bulk. */
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? (BATCH > 1 ? 4 : 32));
const REMINDER_TASKS = Number(process.env.BENCH_REMINDER_TASKS ?? 1000);
const DAY_MS = Number(process.env.BENCH_DAY_MS ?? 60_000);
const OBSERVE_S = Number(process.env.BENCH_OBSERVE_S ?? 150);
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? 'dev';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const root = resolve(__dirname, '..', '..', '..');

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

interface BenchEnvironment {
  databaseUrl: string;
  temporalAddress: string;
  /** The Temporal server's process. */
  temporalPid(): number | undefined;
  stop(): Promise<void>;
}

/** The process whose command line holds every one of `parts` (the dev server is not ours to name). */
function findPid(parts: string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parts.every((p) => cmd.includes(p))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function startEnvironment(): Promise<BenchEnvironment> {
  if (TOPOLOGY === 'dev') {
    const env = await startThrowawayEnvironment('giaoviec_bench', log);
    const port = env.temporalAddress.split(':').pop()!;
    return { ...env, temporalPid: () => findPid(['start-dev', '--port', port]) };
  }
  if (TOPOLOGY !== 'cluster') throw new Error(`BENCH_TOPOLOGY must be dev or cluster`);
  const dir = mkdtempSync(join(tmpdir(), 'giaoviec-bench-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root
  const supervisor = new Supervisor(log);
  const env = await startClusterEnvironment({
    dataDir: dir,
    pgPort: await freePort(),
    temporalPorts: await freeClusterPorts(),
    namespace: 'default',
    retentionDays: 1,
    databaseName: 'giaoviec_bench',
    supervisor,
    log,
  });
  return {
    ...env,
    temporalPid: () => supervisor.pid('Temporal'),
    stop: async () => {
      await supervisor.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  log(`topology: ${TOPOLOGY}, ${WORKERS} worker process(es)`);
  const env = await startEnvironment();
  const workers: ChildProcess[] = [];
  try {
    await migrate(env.databaseUrl);
    const appEnv = {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: `bench-${randomBytes(3).toString('hex')}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
      TASK_DAY_LENGTH_MS: String(DAY_MS),
      TASK_REMINDER_DAYS_BEFORE: '3,1',
      PORT: String(await freePort()),
    };
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        spawn(process.execPath, [join(root, 'dist/apps/worker/src/main.js')], {
          env: { ...process.env, ...appEnv },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    // The workers must not outlive an interrupted bench.
    process.on('exit', () => workers.forEach((w) => w.kill('SIGKILL')));
    const api = await createApiApp(appEnv);
    await api.listen(Number(appEnv.PORT), '127.0.0.1');
    const base = `http://127.0.0.1:${appEnv.PORT}/api/v1`;
    const { unitIds } = await seedOrganization(api);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'chutich', password: DEMO_PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const auth = {
      authorization: `Bearer ${login.accessToken}`,
      'content-type': 'application/json',
    };
    const leads = ['SKHDT', 'SNV', 'STP', 'STTTT', 'VPUBND'].map((c) => unitIds[c]);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const inDays = (n: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    const remindSoon = (i: number) => i >= N - REMINDER_TASKS;

    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    // Warm-up: the worker bundles its workflows on start; the first task waits for it.
    await fetch(`${base}/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        title: 'Khởi động',
        source: 'noi_bo',
        leadUnitId: leads[0],
        reminderDaysBefore: [],
      }),
    });

    const spec = (i: number) => ({
      title: `Nhiệm vụ đo hiệu năng số ${i + 1}`,
      source: 'ubnd_tinh',
      leadUnitId: leads[i % leads.length],
      dueDate: remindSoon(i) ? inDays(2) : inDays(30 + (i % 30)),
      ...(remindSoon(i) && { reminderDaysBefore: [1] }),
    });
    log(
      BATCH > 1
        ? `assigning ${N} tasks through POST /tasks/bulk, ${BATCH} per request, ${CONCURRENCY} requests in flight…`
        : `assigning ${N} tasks through POST /tasks, ${CONCURRENCY} requests in flight…`,
    );
    const started = Date.now();
    let next = 0;
    let failures = 0;
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const first = next;
          next = Math.min(N, next + BATCH);
          const specs = Array.from({ length: next - first }, (_, k) => spec(first + k));
          const t0 = Date.now();
          const res = await fetch(BATCH > 1 ? `${base}/tasks/bulk` : `${base}/tasks`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify(BATCH > 1 ? { tasks: specs } : specs[0]),
          });
          latencies.push(Date.now() - t0);
          if (res.status !== 201) failures += specs.length;
          await res.arrayBuffer();
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE title LIKE 'Nhiệm vụ đo%'`,
    );
    latencies.sort((a, b) => a - b);
    log(
      `assigned ${rows[0].n}/${N} (failures ${failures}) in ${elapsed.toFixed(1)} s → ${(rows[0].n / elapsed).toFixed(1)} tasks/s`,
    );
    log(
      `request latency (${BATCH} per request) p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms`,
    );

    log(`observing reminders for ${OBSERVE_S} s (one day = ${DAY_MS} ms)…`);
    const observeFrom = new Date(started);
    await new Promise((r) => setTimeout(r, OBSERVE_S * 1000));
    const lag = await db.query(
      `SELECT extract(epoch FROM sent_at - scheduled_at) * 1000 AS ms FROM task_reminders
       WHERE scheduled_at >= $1 ORDER BY 1`,
      [observeFrom],
    );
    const lags = lag.rows.map((r: { ms: string }) => Number(r.ms));
    const open = await db.query(`SELECT count(*)::int AS n FROM tasks WHERE status = 'assigned'`);
    log(`reminders sent while ${open.rows[0].n} tasks were open: ${lags.length}`);
    log(
      `reminder lag p50 ${quantile(lags, 0.5).toFixed(0)} ms, p99 ${quantile(lags, 0.99).toFixed(0)} ms, max ${lags[lags.length - 1]?.toFixed(0)} ms`,
    );
    log(`worker peak RSS ${workers.map((w) => peakRssMb(w.pid!).toFixed(0)).join(' / ')} MB`);
    const temporalPid = env.temporalPid();
    log(
      `Temporal server peak RSS ${temporalPid ? peakRssMb(temporalPid).toFixed(0) : '(not found)'} MB`,
    );
    log(`machine: ${machine()}`);
    await db.end();
    await api.close();
  } finally {
    workers.forEach((w) => w.kill('SIGTERM'));
    await new Promise((r) => setTimeout(r, 1000));
    await env.stop();
  }
}

runBench(main);
