/** Contract of the snapshot activity; the worker binds ReportSnapshotActivities to it. */
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

export interface ReportSnapshotActivityContract {
  /** Computes and stores a new version of the period's report for the province and each unit. */
  publishSnapshots(request: SnapshotRequest): Promise<SnapshotResult>;
}
