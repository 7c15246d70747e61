/**
 * The province-wide completion report from `report_cells` (migration 1764700000000,
 * docs/decisions/0016-report-cells.md): the same counts as the rows give, read from a few
 * thousand cells instead of every task assigned before the window.
 */

/** The first day of a half-month (the 1st or the 15th): the cells' unit of time. */
export const isHalfMonthStart = (date: string): boolean => /-(01|15)$/.test(date);

/** The last day of a half-month (the 14th or the month's last day). */
export function isHalfMonthEnd(date: string): boolean {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return isHalfMonthStart(next.toISOString().slice(0, 10));
}

/**
 * Whether the cells answer this report exactly: the root's report (the cells group by the
 * root's children), no filter, grouped by unit or not at all, over whole half-months. Every
 * ND 09/2019 period (15th → 14th) and every calendar month, quarter and year is such a window.
 */
export function servedByCells(
  scope: { id: string; path: string },
  q: { from: string; to: string; source?: string; area?: string; plan?: string; groupBy?: string },
): boolean {
  return (
    scope.path === `/${scope.id}/` &&
    !q.source &&
    !q.area &&
    !q.plan &&
    (q.groupBy === undefined || q.groupBy === 'unit') &&
    isHalfMonthStart(q.from) &&
    isHalfMonthEnd(q.to)
  );
}

const CELL_COLUMNS = 'top_key, due_b, due_end, completed_b, cancelled_b, done_class, n';

/**
 * The `counted` rows of a block from the cells and the changes not yet folded into them: per
 * group (`inner_key`, the root's child) the same nine counts as the rows give. $1 is the
 * window's first day (a half-month's first), $2 its last (a half-month's last), `scopeParam` (`$3`) the
 * scope's path pattern. Every date of a cell is its half-month's first day, so comparing it with $1 or
 * $2 decides exactly as comparing the task's date would; a due date equal to $2 is told apart by
 * `due_end`. A group whose cells sum to nothing (its tasks moved away) is left out, as the rows
 * would leave it.
 */
export function cellCounts(block: 'window' | 'carriedOver', scopeParam = '$3'): string {
  const changes = `(SELECT *, least(completed_b, cancelled_b) AS closed_b FROM report_cell_changes)`;
  const source =
    block === 'window'
      ? [`report_cells`, changes]
          .map(
            (from) =>
              `SELECT ${CELL_COLUMNS} FROM ${from} c WHERE c.assigned_b BETWEEN $1::date AND $2::date`,
          )
          .join(' UNION ALL ')
      : // Assigned before the window and neither completed nor cancelled before its start: the
        // tasks still open (one index) and those closed since (another), kept apart for the planner.
        [
          `SELECT ${CELL_COLUMNS} FROM report_cells c WHERE c.closed_b = 'infinity' AND c.assigned_b < $1::date`,
          `SELECT ${CELL_COLUMNS} FROM report_cells c WHERE c.closed_b <> 'infinity' AND c.closed_b >= $1::date AND c.assigned_b < $1::date`,
          `SELECT ${CELL_COLUMNS} FROM ${changes} c WHERE c.closed_b >= $1::date AND c.assigned_b < $1::date`,
        ].join(' UNION ALL ');
  const done = `c.completed_b <= $2::date`;
  const dueBeforeEnd = `(c.due_b <= $2::date AND NOT (c.due_end AND c.due_b = report_half_month($2::date)))`;
  const due = `c.due_b <> 'infinity'`;
  // Summed per group first (a few dozen rows), then the groups outside the scope dropped.
  return `SELECT c.top_key AS inner_key,
            coalesce(sum(n) FILTER (WHERE NOT x), 0) AS "total",
            coalesce(sum(n) FILTER (WHERE NOT x AND c.done_class = 'e' AND ${done}), 0) AS "completedEarly",
            coalesce(sum(n) FILTER (WHERE NOT x AND c.done_class = 'o' AND ${done}), 0) AS "completedOnTime",
            coalesce(sum(n) FILTER (WHERE NOT x AND c.done_class = 'l' AND ${done}), 0) AS "completedLate",
            coalesce(sum(n) FILTER (WHERE NOT x AND ${due} AND NOT ${done} AND ${dueBeforeEnd}), 0) AS "overdueIncomplete",
            coalesce(sum(n) FILTER (WHERE NOT x AND ${due} AND NOT ${done} AND NOT ${dueBeforeEnd}), 0) AS "inProgressNotDue",
            coalesce(sum(n) FILTER (WHERE NOT x AND NOT ${due}), 0) AS "noDeadline",
            coalesce(sum(n) FILTER (WHERE x), 0) AS "cancelled",
            coalesce(sum(n) FILTER (WHERE NOT x AND c.due_b <= $2::date), 0) AS "alreadyDue"
          FROM (SELECT s.*, s.cancelled_b <= $2::date AS x FROM (${source}) s) c
          GROUP BY c.top_key
          HAVING sum(n) <> 0 AND EXISTS (SELECT 1 FROM units su WHERE su.id = c.top_key AND su.path LIKE ${scopeParam})`;
}
