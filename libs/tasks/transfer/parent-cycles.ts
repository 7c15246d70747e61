import type { TaskRow } from './task-columns';

/** Codes of the file's rows whose chain of `ma_nhiem_vu_cha` within the file comes back round. */
export function cyclicCodes(rows: Pick<TaskRow, 'ma_nhiem_vu' | 'ma_nhiem_vu_cha'>[]): Set<string> {
  const parentOf = new Map<string, string>();
  for (const r of rows) {
    if (r.ma_nhiem_vu && r.ma_nhiem_vu_cha && !parentOf.has(r.ma_nhiem_vu)) {
      parentOf.set(r.ma_nhiem_vu, r.ma_nhiem_vu_cha);
    }
  }
  const done = new Set<string>();
  const cyclic = new Set<string>();
  for (const start of parentOf.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let code: string | undefined = start;
    while (code !== undefined && !done.has(code) && !onPath.has(code)) {
      path.push(code);
      onPath.add(code);
      code = parentOf.get(code);
    }
    if (code !== undefined && onPath.has(code)) {
      for (let k = path.indexOf(code); k < path.length; k++) cyclic.add(path[k]);
    }
    for (const c of path) done.add(c);
  }
  return cyclic;
}
