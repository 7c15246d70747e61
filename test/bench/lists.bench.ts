/**
 * npm run bench:lists — `GET /tasks`, `GET /tasks/counts` and the completion report over HTTP
 * (the API listening on a port, a real login token) on generated data: 2 000 units in three
 * levels, 100 000 then 1 000 000 tasks (BENCH_SIZES), each with two status mixes (85 % completed,
 * and 45 % open). For the province (its leader) and one department (its manager): overdue only,
 * all in progress, a due range sorted by due date, a text search, each page 1 and page 20; medians
 * of BENCH_RUNS after a warm-up. Ends with EXPLAIN (ANALYZE, BUFFERS) of the slowest list page.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { startThrowawayEnvironment } from '../../apps/launcher/src/dev-environment';
import { migrate } from '../../db/data-source';
import { UsersService } from '../../libs/organization/users.service';
import { vnDateOf } from '../../libs/domain/dates';
import {
  BENCH_ROOT,
  generateTasks,
  generateUnits,
  log,
  machine,
  median,
  runBench,
} from './bench-support';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const PASSWORD = 'Bench@2026-lists';
const today = vnDateOf(new Date());

/** Statements the API sends while `capturing`, to EXPLAIN the slowest page afterwards. */
let capturing = false;
let captured: { text: string; values: unknown[] }[] = [];
const pgQuery = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[]];
  if (capturing) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string' && / FROM tasks t /.test(text)) {
      captured.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [] });
    }
  }
  return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof Client.prototype.query;

async function main() {
  const env = await startThrowawayEnvironment('giaoviec_bench', log);
  try {
    await migrate(env.databaseUrl);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    // The server stops under this connection when a failure ends the run: report that failure.
    db.on('error', () => undefined);
    await generateUnits(db);
    const app = await createApiApp({
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      JWT_SECRET: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const [dept] = (await db.query(`SELECT id FROM units WHERE code = 'SO7'`)).rows;
    const users = app.get(UsersService);
    const leader = await users.create({
      username: 'bench.chutich',
      password: PASSWORD,
      fullName: 'Bench',
      title: 'Chủ tịch',
      unitId: BENCH_ROOT,
      roles: ['leader'],
    });
    await users.create({
      username: 'bench.so7',
      password: PASSWORD,
      fullName: 'Bench',
      title: 'Giám đốc Sở',
      unitId: dept.id,
      roles: ['unit_manager'],
    });
    const login = async (username: string) => {
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const tokens = { province: await login('bench.chutich'), department: await login('bench.so7') };
    const get = async (token: string, path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items?: unknown[]; nextCursor?: string | null }>;
    };
    const time = async (run: () => Promise<unknown>) => {
      await run();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run();
        samples.push(performance.now() - t0);
      }
      return median(samples);
    };
    const month = (offset: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + offset);
      return d.toISOString().slice(0, 10);
    };
    const LISTS: Record<string, string> = {
      'overdue only': 'overdueOnly=true',
      'all in progress': 'status=in_progress',
      'due range (1 month), by due date': `dueFrom=${month(-1)}&dueTo=${today}&sort=dueDate`,
      'text "bao cao ket qua dat dai"': 'q=bao%20cao%20ket%20qua%20dat%20dai',
    };
    const results: string[] = [];
    for (const size of SIZES) {
      for (const [mix, openShare] of [
        ['85 % completed', 0.13],
        ['45 % open', 0.45],
      ] as const) {
        let slowest = { ms: 0, label: '', token: '', path: '' };
        const t0 = Date.now();
        await generateTasks(db, size, openShare, leader.id, today);
        log(
          `--- ${size.toLocaleString('en')} tasks, ${mix} (generated in ${((Date.now() - t0) / 1000).toFixed(1)} s) ---`,
        );
        const record = (label: string, ms: number) => {
          const line = `${size}\t${mix}\t${label}\t${ms.toFixed(1)} ms`;
          results.push(line);
          log(`${label.padEnd(58)} ${ms.toFixed(1)} ms`);
        };
        for (const [scope, token] of Object.entries(tokens)) {
          for (const [name, query] of Object.entries(LISTS)) {
            const first = `/tasks?${query}&limit=50`;
            let cursor: string | null | undefined = null;
            let page20: string | null = null;
            for (let page = 1; page < 20; page++) {
              const body = await get(token, cursor ? `${first}&cursor=${cursor}` : first);
              cursor = body.nextCursor;
              if (!cursor) break;
            }
            if (cursor) page20 = `${first}&cursor=${cursor}`;
            for (const [page, path] of [
              ['page 1', first],
              ['page 20', page20],
            ] as const) {
              if (!path) {
                record(`${scope}, ${name}, ${page}`, NaN);
                continue;
              }
              const ms = await time(() => get(token, path));
              record(`${scope}, ${name}, ${page}`, ms);
              if (ms > slowest.ms)
                slowest = { ms, label: `${size} ${mix} ${scope} ${name} ${page}`, token, path };
            }
          }
          record(`${scope}, counts`, await time(() => get(token, '/tasks/counts')));
        }
        record(
          'report, province quarter (Q3 2025)',
          await time(() =>
            get(tokens.province, '/reports/completion?scope=UBND&from=2025-06-15&to=2025-09-14'),
          ),
        );
        // The same quarter one day shorter: not on half-months, so it counts the rows.
        record(
          'report, province 2025-06-16..09-14 (rows, not cells)',
          await time(() =>
            get(tokens.province, '/reports/completion?scope=UBND&from=2025-06-16&to=2025-09-14'),
          ),
        );
        record(
          'report, department SO7 year 2025',
          await time(() =>
            get(tokens.department, '/reports/completion?scope=SO7&from=2024-12-15&to=2025-12-14'),
          ),
        );
        if (size === Math.max(...SIZES)) {
          log(`slowest list page: ${slowest.label} (${slowest.ms.toFixed(1)} ms): ${slowest.path}`);
          captured = [];
          capturing = true;
          await get(slowest.token, slowest.path);
          capturing = false;
          for (const q of captured) {
            const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
            console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
          }
        }
      }
    }
    log('=== results (size, mix, measure, median) ===');
    for (const line of results) console.log(line);
    log(`machine: ${machine()}`);
    await app.close();
    await db.end();
  } finally {
    await env.stop();
  }
}

runBench(main);
