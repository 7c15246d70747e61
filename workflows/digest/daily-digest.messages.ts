/** Ids of the `dailyDigest` workflow and of its Schedule (no messages), shared with the API. */

/** One run per calendar day: the Schedule and the manual POST both start this id, so one succeeds. */
export const dailyDigestWorkflowId = (date: string) => `daily-digest-${date}`;

/** The digest's Temporal Schedule: one per task queue (tests share a server, one queue per file). */
export const dailyDigestScheduleId = (taskQueue: string) => `giaoviec-daily-digest:${taskQueue}`;

/** What `scheduledDigest` did for its scheduled time. */
export interface ScheduledDigestResult {
  /** The Asia/Ho_Chi_Minh date of the scheduled time. */
  date: string;
  /** false when that day's digest had already been started (manual run) or the run was stale. */
  started: boolean;
  /** true when the run came after its scheduled day had passed, so it sent nothing. */
  stale: boolean;
  /** true when the day is a weekend or holiday: no digest (patch `digest-working-days`). */
  dayOff?: boolean;
}
