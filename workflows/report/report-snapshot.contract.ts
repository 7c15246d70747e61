/** Contract of the snapshot activity; the worker binds ReportSnapshotActivities to it. */
import type { SnapshotRequest, SnapshotResult } from './report-snapshot.messages';

export interface ReportSnapshotActivityContract {
  /** Computes and stores a new version of the period's report for the province and each unit. */
  publishSnapshots(request: SnapshotRequest): Promise<SnapshotResult>;
}
