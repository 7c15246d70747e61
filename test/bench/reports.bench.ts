/**
 * npm run bench:reports — completion reports over generated data: 2 000 units, tasks spread over
 * 5 years (2021–2025), first 100 000 then 1 000 000 tasks (BENCH_SIZES to change). For each size
 * it times (p50 of BENCH_RUNS runs, after one warm-up) the province-wide quarter report, one
 * unit's subtree for a year, and the province's year grouped by unit, and reports the process RSS.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { startThrowawayEnvironment } from '../../apps/launcher/src/dev-environment';
import { migrate } from '../../db/data-source';
import { generateUnits, log, machine, median, runBench } from './bench-support';
import {
  CompletionQuery,
  CompletionReportService,
} from '../../libs/reports/completion-report.service';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** The generated units, and a leader at the root who assigns the generated tasks. */
async function generateOrganization(db: Client) {
  await generateUnits(db);
  await db.query(`
    INSERT INTO users (id, username, password_hash, full_name, title, unit_id, roles)
    VALUES ('00000000-0000-4000-8000-000000000001', 'bench', 'x', 'Bench', 'Bench',
            '00000000-0000-4000-8000-000000000000', '{leader}')`);
}

/** Adds tasks until there are `total`, spread uniformly over 2021–2025 and all units. */
async function generateTasks(db: Client, total: number) {
  const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM tasks')).rows;
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM units),
     g AS (
       SELECT i, gen_random_uuid() AS id,
              DATE '2021-01-01' + (random() * 1825)::int AS assigned_on,
              random() AS r1, random() AS r2, random() AS r3
       FROM generate_series($1::int + 1, $2::int) i)
     INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id, due_date,
       original_due_date, status, assigned_at, assigned_on, completed_at, completed_on, cancelled_on,
       workflow_id, version)
     SELECT g.id, 'Nhiệm vụ ' || g.i, (ARRAY['ubnd_tinh','chu_tich_ubnd_tinh','chinh_phu','noi_bo'])[1 + (g.i % 4)],
            '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000000',
            u.ids[1 + (g.i % array_length(u.ids, 1))],
            CASE WHEN g.r1 < 0.05 THEN NULL ELSE g.assigned_on + 5 + (g.r1 * 90)::int END,
            CASE WHEN g.r1 < 0.05 THEN NULL ELSE g.assigned_on + 5 + (g.r1 * 90)::int END,
            CASE WHEN g.r3 < 0.02 THEN 'cancelled' WHEN g.r2 < 0.85 THEN 'completed' ELSE 'in_progress' END,
            g.assigned_on::timestamptz, g.assigned_on,
            CASE WHEN g.r3 >= 0.02 AND g.r2 < 0.85 THEN (g.assigned_on + (g.r2 * 110)::int)::timestamptz END,
            CASE WHEN g.r3 >= 0.02 AND g.r2 < 0.85 THEN g.assigned_on + (g.r2 * 110)::int END,
            CASE WHEN g.r3 < 0.02 THEN g.assigned_on + 10 END,
            'task-' || g.id, 1
     FROM g, u`,
    [n, total],
  );
  await db.query('VACUUM ANALYZE tasks');
}

async function time(label: string, run: () => Promise<unknown>) {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  log(
    `${label.padEnd(44)} p50 ${median(samples).toFixed(1)} ms (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)})`,
  );
  return median(samples);
}

async function main() {
  const env = await startThrowawayEnvironment('giaoviec_bench', log);
  try {
    await migrate(env.databaseUrl);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await generateOrganization(db);
    const app = await createApiApp({
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      JWT_SECRET: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
    });
    await app.init();
    const reports = app.get(CompletionReportService);
    const run = (q: CompletionQuery) => () => reports.report(null, q);
    for (const size of SIZES) {
      const t0 = Date.now();
      await generateTasks(db, size);
      log(
        `--- ${size.toLocaleString('en')} tasks (generated in ${((Date.now() - t0) / 1000).toFixed(1)} s) ---`,
      );
      const rssBefore = process.memoryUsage().rss;
      await time(
        'province, quarter (Q3 2024)',
        run({ scope: 'UBND', from: '2024-06-15', to: '2024-09-14' }),
      );
      await time(
        'province, quarter, grouped by unit',
        run({ scope: 'UBND', from: '2024-06-15', to: '2024-09-14', groupBy: 'unit' }),
      );
      await time(
        'one unit subtree (SO7), year 2024',
        run({ scope: 'SO7', from: '2023-12-15', to: '2024-12-14' }),
      );
      await time(
        'province, year 2024, grouped by unit',
        run({ scope: 'UBND', from: '2023-12-15', to: '2024-12-14', groupBy: 'unit' }),
      );
      log(
        `RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
      );
    }
    log(`machine: ${machine()}`);
    await app.close();
    await db.end();
  } finally {
    await env.stop();
  }
}

runBench(main);
