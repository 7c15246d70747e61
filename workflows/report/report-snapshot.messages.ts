/** Inputs and ids of the `publishReportSnapshots` workflow and its Schedule (no messages), shared with the API. */
import { cutOffDates } from '../../libs/domain/reporting-period';

export interface SnapshotRequest {
  periodType: 'month' | 'quarter' | 'half' | 'nine_months' | 'year';
  year: number;
  number: number;
  requestedBy: string | null;
}

export interface SnapshotResult {
  snapshotIds: string[];
  /** Notifications carrying the headlines, still to be e-mailed. */
  emailIds: string[];
}

/** Scheduled runs use a fixed id per period, so each period is published once by the schedule. */
export const scheduledSnapshotWorkflowId = (r: Omit<SnapshotRequest, 'requestedBy'>) =>
  `report-snapshots-${r.periodType}-${r.year}-${r.number}`;

/** The nightly snapshots' Temporal Schedule: one per task queue (tests share a server, one queue per file). */
export const reportSnapshotsScheduleId = (taskQueue: string) =>
  `giaoviec-report-snapshots:${taskQueue}`;

/** Input of `scheduledReportSnapshots`: a date only when run by hand (otherwise the scheduled time's). */
export interface ScheduledSnapshotsInput {
  date?: string;
}

export interface ScheduledSnapshotsResult {
  /** The Asia/Ho_Chi_Minh date whose cut-offs were published. */
  date: string;
  /** Workflow ids of the periods this run started (those already started are left out). */
  started: string[];
}

/**
 * The scheduled snapshots of `date`: one per standard window whose cut-off (the day after it
 * ends, docs/domain.md §5) is that date; none on most days.
 */
export function snapshotsDueOn(date: string): SnapshotRequest[] {
  const year = Number(date.slice(0, 4));
  return [...cutOffDates(year), ...cutOffDates(year + 1)]
    .filter((c) => c.date === date)
    .map(({ window }) => ({
      periodType: window.type as SnapshotRequest['periodType'],
      year: window.year,
      number: window.number,
      requestedBy: null,
    }));
}
