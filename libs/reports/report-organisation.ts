import type { DataSource } from 'typeorm';
import { displayDate } from '../domain/dates';

/**
 * Which organisation a completion report counts by (docs/domain.md §5 "Which organisation"):
 * - `asOfPeriod` (default): the units as they stood on the window's first day. A task moved by a
 *   reorganisation effective after that day counts under the unit it left, a sub-unit moved under
 *   a successor counts under its former parent, a renamed unit shows its former name; a unit gone
 *   by that day counts under its successor then (so a reorganisation recorded late, after some of
 *   the tasks it should have moved were closed, still reads as if carried out on its date).
 * - `current`: the past restated on today's organisation. A unit merged, absorbed, split or
 *   dissolved into a successor counts under that successor (followed to the last one), with its
 *   completed and cancelled tasks.
 */
export const ORGANISATION_MODES = ['asOfPeriod', 'current'] as const;
export type OrganisationMode = (typeof ORGANISATION_MODES)[number];

/** How one report reads units: SQL fragments over the task alias `t`; `$1` is the window's start. */
export interface OrganisationView {
  mode: OrganisationMode;
  /** Joins on `t` that `unitOf` needs. */
  joins: string;
  /** The unit a task is counted under. */
  unitOf: string;
  /** The units (id, path, name) as this view sees them: a relation to use in FROM. */
  units: string;
  /** Maps a unit id (a cell's top unit) to the unit it is counted under. */
  mapUnit: (column: string) => string;
  /** Whether the pre-aggregated cells, keyed by today's top units, still answer exactly. */
  cellsExact: boolean;
  /** What the report says about it, in Vietnamese. */
  text: string;
  /** The query parameters the fragments use: `$1` from, `$2` to, then the view's own. */
  params: unknown[];
}

/**
 * Builds the view of `mode` for the window [from, to]. When no reorganisation changes anything
 * for this window it is plain: the same SQL as without reorganisations.
 */
export async function organisationView(
  db: DataSource,
  mode: OrganisationMode,
  from: string,
  to: string,
): Promise<OrganisationView> {
  const params: unknown[] = [from, to];
  const asOf = mode === 'asOfPeriod';
  const text = asOf
    ? `Theo tổ chức bộ máy tại ngày ${displayDate(from)} (đầu kỳ báo cáo)`
    : 'Theo tổ chức bộ máy hiện nay (số liệu trước sắp xếp được tính lại)';
  // Each old unit's last successor (by `from` when as of the period): a unit absorbed into one
  // that was later merged goes on to the merged one.
  const successors: { id: string; finalId: string; topMoves: boolean }[] = await db.query(
    `WITH RECURSIVE step AS (
       SELECT unnest(r.source_unit_ids) AS id, r.default_successor_id AS next
       FROM reorganisations r
       WHERE r.status = 'completed' AND r.kind <> 'rename' AND r.default_successor_id IS NOT NULL
         AND ($1::date IS NULL OR r.effective_on <= $1::date)
     ), chain AS (
       SELECT id, next AS final, 1 AS n FROM step
       UNION ALL
       SELECT c.id, s.next, c.n + 1 FROM chain c JOIN step s ON s.id = c.final WHERE c.n < 50
     ), last AS (SELECT DISTINCT ON (id) id, final FROM chain ORDER BY id, n DESC)
     SELECT l.id, l.final AS "finalId",
            (u.depth > 1 AND split_part(u.path, '/', 3) <> split_part(f.path, '/', 3)) AS "topMoves"
     FROM last l JOIN units u ON u.id = l.id JOIN units f ON f.id = l.final`,
    [asOf ? from : null],
  );
  let mapUnit = (column: string) => column;
  if (successors.length > 0) {
    // Written into the SQL (ids read from the database, checked): a report query that does not
    // map (ungrouped, from the cells) would otherwise carry parameters it never uses.
    const map = `(VALUES ${successors
      .map((s) => `(${uuidLiteral(s.id)}, ${uuidLiteral(s.finalId)})`)
      .join(', ')}) AS fs(id, final_id)`;
    mapUnit = (column: string) =>
      `coalesce((SELECT fs.final_id FROM ${map} WHERE fs.id = ${column}), ${column})`;
  }
  // A cell is one of today's top units: exact while every old sub-unit's successor is in its top unit.
  const mapped = {
    mode,
    joins: '',
    unitOf: mapUnit('t.lead_unit_id'),
    units: UNITS_NOW,
    mapUnit,
    cellsExact: !successors.some((s) => s.topMoves),
    text,
    params,
  };
  if (!asOf) return mapped;
  const [changed] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM reorganisations r WHERE r.effective_on > $1::date
                      AND r.status IN ('running', 'completed', 'failed')) AS any`,
    [from],
  );
  if (!changed.any) return mapped;
  // A task's first move after the window's start tells the unit it had then.
  const joins = `LEFT JOIN LATERAL (
      SELECT m.from_unit_id FROM reorganisation_task_moves m
      JOIN reorganisations mr ON mr.id = m.reorganisation_id
      WHERE m.task_id = t.id AND m.outcome = 'moved' AND mr.effective_on > $1::date
      ORDER BY mr.effective_on, mr.created_at LIMIT 1) mv ON true`;
  // A unit under a sub-unit moved since: its path below that sub-unit's former place; its name
  // the first one it bore after the start.
  const units = `(SELECT u.id, u.depth, u.kind,
      coalesce((SELECT um.from_path || substr(u.path, length(a.path) + 1)
                FROM reorganisation_unit_moves um
                JOIN reorganisations ur ON ur.id = um.reorganisation_id
                JOIN units a ON a.id = um.unit_id
                WHERE ur.effective_on > $1::date AND u.path LIKE a.path || '%'
                ORDER BY ur.effective_on, length(a.path) LIMIT 1), u.path) AS path,
      coalesce((SELECT n.name FROM unit_names n WHERE n.unit_id = u.id AND n.valid_to >= $1::date
                ORDER BY n.valid_to LIMIT 1), u.name) AS name
    FROM units u)`;
  return {
    ...mapped,
    joins,
    unitOf: `coalesce(mv.from_unit_id, ${mapUnit('t.lead_unit_id')})`,
    units,
    cellsExact: false,
  };
}

const UNITS_NOW = 'units';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`Not a unit id: ${id}`);
  return `'${id}'::uuid`;
}
