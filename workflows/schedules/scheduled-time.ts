/**
 * The time a Temporal Schedule meant an action for. A caught-up or backfilled run starts later than
 * that, so scheduled work (the digest, the nightly snapshots) must use this time, not its own start.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

/** Set by the Schedule on every workflow it starts: the nominal (un-jittered) scheduled time. */
const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/** The scheduled time of this run, or its start time when it was not started by a Schedule. */
export function scheduledTime(): Date {
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (typed) return typed;
  // Servers that send the attribute without its type metadata: read the untyped form.
  const untyped = info.searchAttributes?.TemporalScheduledStartTime?.[0];
  if (untyped instanceof Date || typeof untyped === 'string') return new Date(untyped);
  return info.startTime;
}
