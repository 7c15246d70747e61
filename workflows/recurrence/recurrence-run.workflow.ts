/**
 * recurrenceRun — the action of a recurrence's Temporal Schedule (`recurrence-<id>`, daily at
 * RECURRENCE_CRON in Asia/Ho_Chi_Minh; docs/decisions/0022-recurring-tasks.md). Creates the
 * occurrences due by the date the Schedule meant (docs/domain.md §8): the activity records them
 * once per period and unit and returns those whose task is not stored yet; each starts as an
 * ordinary `taskLifecycle` child that outlives the run. Every run looks at every period due by its
 * date, so a day missed while the worker, the API or the Temporal server was down is made up by
 * the next run, and no period is created twice (fixed task ids; a started workflow is left as is).
 * Messages: none. Timers: none. Continue-as-new: not needed (one batch of starts per run).
 */
import { proxyActivities } from '@temporalio/workflow';
import { vnDateOf } from '../../libs/domain/dates';
import { scheduledTime } from '../schedules/scheduled-time';
import { startTaskChildren } from '../task/start-task-children';
import type { RecurrenceActivityContract } from './recurrence.contract';
import type { RecurrenceRunInput, RecurrenceRunResult } from './recurrence.messages';

const acts = proxyActivities<RecurrenceActivityContract>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Task workflows started at a time, so fan-out to every Sở stays bounded. */
const BATCH = 50;

export async function recurrenceRun(input: RecurrenceRunInput): Promise<RecurrenceRunResult> {
  const date = vnDateOf(scheduledTime());
  const due = await acts.dueOccurrences(input.recurrenceId, date);
  for (let i = 0; i < due.tasks.length; i += BATCH) {
    await startTaskChildren(due.tasks.slice(i, i + BATCH), due.settings);
  }
  return { date, started: due.tasks.length, inactive: due.inactive };
}
