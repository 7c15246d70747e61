/** What the `npm run bench:…` scripts share: output, statistics, the generated unit tree. */
import { cpus, totalmem } from 'node:os';
import type { Client } from 'pg';

export const log = (m: string) => console.log(`[bench] ${m}`);

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The machine a result was measured on, for docs/benchmarks.md. */
export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;

/** The generated province's root unit. */
export const BENCH_ROOT = '00000000-0000-4000-8000-000000000000';

/** 1 province, 40 departments (SO1…SO40), 49 sub-units each: 2 000 units in three levels. */
export async function generateUnits(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO units (id, code, name, kind, parent_id, path, depth)
     VALUES ($1::uuid, 'UBND', 'UBND tỉnh', 'province', NULL, '/' || $1::text || '/', 0)`,
    [BENCH_ROOT],
  );
  await db.query(
    `INSERT INTO units (id, code, name, kind, parent_id, path, depth)
     SELECT id, 'SO' || d, 'Sở ' || d, 'department', $1::uuid, '/' || $1::text || '/' || id || '/', 1
     FROM (SELECT d, gen_random_uuid() AS id FROM generate_series(1, 40) d) s`,
    [BENCH_ROOT],
  );
  await db.query(`
    INSERT INTO units (id, code, name, kind, parent_id, path, depth)
    SELECT gen_random_uuid(), p.code || '-P' || n, 'Phòng ' || n || ' ' || p.name, 'division', p.id, '', 2
    FROM units p CROSS JOIN generate_series(1, 49) n WHERE p.depth = 1`);
  await db.query(
    `UPDATE units c SET path = p.path || c.id || '/' FROM units p WHERE c.parent_id = p.id AND c.depth = 2`,
  );
}

/**
 * Replaces all tasks with `total` new ones assigned over the five years up to today, due 5–95
 * days later (5 % undated); `openShare` of them still open, the others completed within 20 days
 * of their assignment but never after today.
 */
export async function generateTasks(
  db: Client,
  total: number,
  openShare: number,
  assigner: string,
  today: string,
) {
  await db.query('TRUNCATE tasks CASCADE');
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM units),
     g AS (
       SELECT i, gen_random_uuid() AS id, $3::date - (random() * 1825)::int AS assigned_on,
              random() AS r1, random() AS r2, random() AS r3
       FROM generate_series(1, $1::int) i)
     INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id, due_date,
       original_due_date, status, assigned_at, assigned_on, completed_at, completed_on, cancelled_on,
       workflow_id, version)
     SELECT g.id,
            (ARRAY['Báo cáo kết quả', 'Rà soát thủ tục hành chính', 'Số hóa hồ sơ', 'Kiểm tra công vụ',
                   'Xây dựng kế hoạch', 'Tuyên truyền cải cách', 'Đánh giá chỉ số', 'Tổng hợp số liệu'])
              [1 + (g.i % 8)] || ' ' || (ARRAY['đất đai', 'đầu tư', 'y tế', 'giáo dục', 'nội vụ'])[1 + (g.i / 8 % 5)]
              || ' năm ' || extract(year FROM g.assigned_on) || ' số ' || g.i,
            (ARRAY['ubnd_tinh','chu_tich_ubnd_tinh','chinh_phu','noi_bo'])[1 + (g.i % 4)],
            $4::uuid, '${BENCH_ROOT}', u.ids[1 + (g.i % array_length(u.ids, 1))],
            CASE WHEN g.r1 < 0.05 THEN NULL ELSE g.assigned_on + 5 + (g.r1 * 90)::int END,
            CASE WHEN g.r1 < 0.05 THEN NULL ELSE g.assigned_on + 5 + (g.r1 * 90)::int END,
            CASE WHEN g.r3 < 0.02 THEN 'cancelled' WHEN g.r2 < $2 THEN 'in_progress' ELSE 'completed' END,
            g.assigned_on::timestamptz + (g.r3 * interval '10 hours'), g.assigned_on,
            CASE WHEN g.r3 >= 0.02 AND g.r2 >= $2 THEN least(g.assigned_on + (g.r2 * 20)::int, $3::date)::timestamptz END,
            CASE WHEN g.r3 >= 0.02 AND g.r2 >= $2 THEN least(g.assigned_on + (g.r2 * 20)::int, $3::date) END,
            CASE WHEN g.r3 < 0.02 THEN g.assigned_on + 10 END,
            'task-' || g.id, 1
     FROM g, u`,
    [total, openShare, today, assigner],
  );
  await db.query('VACUUM ANALYZE tasks');
}

/** Runs a benchmark's main and exits with its outcome (servers it started must not keep it alive). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
