/** Entry point of the workflow bundle: export every workflow function here. */
export { dailyDigest } from './digest/daily-digest.workflow';
export { scheduledDigest } from './digest/scheduled-digest.workflow';
export { inspectionRound } from './inspection/inspection-round.workflow';
export { planLifecycle } from './plan/plan-lifecycle.workflow';
export { recurrenceRun } from './recurrence/recurrence-run.workflow';
export { reorganisation } from './reorganisation/reorganisation.workflow';
export { publishReportSnapshots } from './report/report-snapshot.workflow';
export { scheduledReportSnapshots } from './report/scheduled-snapshots.workflow';
export { taskLifecycle } from './task/task-lifecycle.workflow';
