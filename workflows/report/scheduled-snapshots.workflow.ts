/**
 * scheduledReportSnapshots — the action of the nightly snapshot Schedule (SNAPSHOT_CRON,
 * Asia/Ho_Chi_Minh). Reads the time the Schedule meant (a caught-up run publishes the cut-offs of
 * the night it was scheduled for, not of the day it runs) and starts `publishReportSnapshots` for
 * every window cut off on that date, each as an abandoned child with its per-period id, so a
 * period is published once however often this runs. `input.date` is for runs by hand only.
 * Messages: none. Timers: none. Continue-as-new: not needed (at most five child starts).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { vnDateOf } from '../../libs/domain/dates';
import { scheduledTime } from '../schedules/scheduled-time';
import {
  ScheduledSnapshotsInput,
  ScheduledSnapshotsResult,
  scheduledSnapshotWorkflowId,
  snapshotsDueOn,
} from './report-snapshot.messages';
import { publishReportSnapshots } from './report-snapshot.workflow';

export async function scheduledReportSnapshots(
  input: ScheduledSnapshotsInput = {},
): Promise<ScheduledSnapshotsResult> {
  const date = input.date ?? vnDateOf(scheduledTime());
  const started: string[] = [];
  for (const request of snapshotsDueOn(date)) {
    const workflowId = scheduledSnapshotWorkflowId(request);
    try {
      await startChild(publishReportSnapshots, {
        workflowId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [request],
      });
      started.push(workflowId);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { date, started };
}
