/** Input and workflow ids of the `publishReportSnapshots` workflow (no messages), shared with the API. */

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

/** Scheduled runs use a fixed id per period, so several API instances start it once. */
export const scheduledSnapshotWorkflowId = (r: Omit<SnapshotRequest, 'requestedBy'>) =>
  `report-snapshots-${r.periodType}-${r.year}-${r.number}`;
