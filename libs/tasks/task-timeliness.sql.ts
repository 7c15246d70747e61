/**
 * The timeliness class of domain.md §3 as a SQL expression, so lists and reports classify in the
 * database. `asOf` is a bound parameter holding a calendar date; `completed_on` is the accepted
 * completion's date in Asia/Ho_Chi_Minh. Must agree with `classifyTimeliness` (domain/timeliness.ts); the task list e2e
 * test checks both on the same rows.
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
