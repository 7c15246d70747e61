/**
 * scheduledDigest — the action of the digest's Temporal Schedule (DIGEST_CRON, Asia/Ho_Chi_Minh).
 * Reads the time the Schedule meant (workflows/schedules/scheduled-time.ts) and starts that day's
 * `dailyDigest` as an abandoned child with the per-date id, so a manual POST /digests/:date and
 * the Schedule never both send. A run that starts after its scheduled day is over (caught up after
 * an outage, a worker down all day) sends nothing: yesterday's list of due-soon tasks is stale and
 * today's digest follows at its own time. Patch `digest-working-days` (issue 13): nothing is sent
 * on a weekend or holiday of the working calendar unless DIGEST_ON_NON_WORKING_DAYS says so.
 * Messages: none. Timers: none. Continue-as-new: not needed (one child start).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  log,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { DigestActivityContract } from './daily-digest.contract';
import { vnDateOf } from '../../libs/domain/dates';
import { scheduledTime } from '../schedules/scheduled-time';
import { dailyDigestWorkflowId, ScheduledDigestResult } from './daily-digest.messages';
import { dailyDigest } from './daily-digest.workflow';

const calendar = proxyLocalActivities<DigestActivityContract>({
  startToCloseTimeout: '30 seconds',
});

export async function scheduledDigest(): Promise<ScheduledDigestResult> {
  const date = vnDateOf(scheduledTime());
  if (date !== vnDateOf(Date.now())) {
    log.warn('Digest run after its day; skipped', { date });
    return { date, started: false, stale: true };
  }
  if (patched('digest-working-days') && !(await calendar.digestGoesOut(date))) {
    return { date, started: false, stale: false, dayOff: true };
  }
  try {
    await startChild(dailyDigest, {
      workflowId: dailyDigestWorkflowId(date),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [date],
    });
    return { date, started: true, stale: false };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { date, started: false, stale: false };
    }
    throw error;
  }
}
