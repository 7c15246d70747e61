import type { ReportTimelinessClass } from './timeliness';

/**
 * The timeliness class of docs/domain.md §3 as a SQL expression, so lists and reports classify
 * in the database. `asOf` is a SQL expression of a calendar date (a bound parameter such as
 * `'$2::date'`); `completed_on` is the accepted completion's date in Asia/Ho_Chi_Minh. The same
 * rule as `classifyTimeliness` (timeliness.ts): test/e2e/timeliness-sql.e2e-spec.ts evaluates
 * both on every case of timeliness.cases.ts.
 */
export function timelinessSql(alias: string, asOf: string): string {
  const completedOn = `${alias}.completed_on`;
  return `CASE
    WHEN ${alias}.due_date IS NULL THEN 'no_deadline'
    WHEN ${completedOn} IS NOT NULL AND ${completedOn} <= ${asOf} THEN
      CASE WHEN ${completedOn} < ${alias}.due_date THEN 'completed_early'
           WHEN ${completedOn} = ${alias}.due_date THEN 'completed_on_time'
           ELSE 'completed_late' END
    WHEN ${alias}.due_date < ${asOf} THEN 'overdue'
    ELSE 'in_progress' END`;
}

/**
 * "Overdue" of a task still open (not completed, not cancelled): its due date passed before
 * `asOf`. For such a task this is `timelinessSql(…) = 'overdue'`, written so that an index on
 * `due_date` serves it (the lists' "quá hạn" filter, the morning digest). Tested with the rest.
 */
export function openOverdueSql(alias: string, asOf: string): string {
  return `${alias}.status NOT IN ('completed', 'cancelled') AND ${alias}.due_date < ${asOf}`;
}

/**
 * Each class of a completion report as a predicate on `alias` as of `asOf` (docs/domain.md §5),
 * for `count(*) FILTER (WHERE …)`. The timeliness classes ignore cancellation: a report counts a
 * task in class c when `NOT cancelled AND c`, which is `reportClassOf` (timeliness.ts).
 * With `('t', '$2::date')` these are the report's predicates word for word.
 */
export function reportClassPredicates(
  alias: string,
  asOf: string,
): Record<ReportTimelinessClass, string> {
  const t = alias;
  const done = `(${t}.completed_on IS NOT NULL AND ${t}.completed_on <= ${asOf})`;
  return {
    completed_early: `(${t}.due_date IS NOT NULL AND ${done} AND ${t}.completed_on < ${t}.due_date)`,
    completed_on_time: `(${t}.due_date IS NOT NULL AND ${done} AND ${t}.completed_on = ${t}.due_date)`,
    completed_late: `(${t}.due_date IS NOT NULL AND ${done} AND ${t}.completed_on > ${t}.due_date)`,
    overdue: `(${t}.due_date IS NOT NULL AND NOT ${done} AND ${t}.due_date < ${asOf})`,
    in_progress: `(${t}.due_date IS NOT NULL AND NOT ${done} AND ${t}.due_date >= ${asOf})`,
    no_deadline: `(${t}.due_date IS NULL)`,
    cancelled: `(${t}.cancelled_on IS NOT NULL AND ${t}.cancelled_on <= ${asOf})`,
  };
}
