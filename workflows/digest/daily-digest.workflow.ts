/**
 * dailyDigest — one run per calendar day, id `daily-digest-<YYYY-MM-DD>`. Started by
 * `scheduledDigest` (the Temporal Schedule's action) or by POST /digests/:date; the fixed id
 * (daily-digest.messages.ts) lets exactly one of them succeed.
 * Messages: none. Timers: none. Continue-as-new: not needed (two activities).
 */
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivityContract } from '../task/task.contract';
import type { DigestActivityContract } from './daily-digest.contract';

const digest = proxyActivities<DigestActivityContract>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
});
const mail = proxyActivities<NotificationActivityContract>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function dailyDigest(date: string): Promise<number> {
  const ids = await digest.recordDailyDigest(date);
  if (ids.length > 0) {
    try {
      await mail.emailNotifications(ids);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Digest e-mails gave up; the digests stay in the inbox', { date });
    }
  }
  return ids.length;
}
