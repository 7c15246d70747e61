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
