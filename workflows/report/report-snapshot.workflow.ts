/**
 * publishReportSnapshots — stores an immutable version of a period's completion report for the
 * province and each of its units, then tells the Chủ tịch and the unit leaders the headline.
 * Scheduled runs (children of `scheduledReportSnapshots`) use the id
 * `report-snapshots-<type>-<year>-<number>` (report-snapshot.messages.ts) so each period is published once; a leader's "regenerate" uses a fresh id and makes a new version.
 * Messages: none. Timers: none. Continue-as-new: not needed.
 */
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivityContract } from '../task/task.contract';
import type { ReportSnapshotActivityContract } from './report-snapshot.contract';
import type { SnapshotRequest, SnapshotResult } from './report-snapshot.messages';

const reports = proxyActivities<ReportSnapshotActivityContract>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});
const mail = proxyActivities<NotificationActivityContract>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function publishReportSnapshots(request: SnapshotRequest): Promise<SnapshotResult> {
  const result = await reports.publishSnapshots(request);
  if (result.emailIds.length > 0) {
    try {
      await mail.emailNotifications(result.emailIds);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Snapshot e-mails gave up; the headlines stay in the inbox', { ...request });
    }
  }
  return result;
}
