/**
 * reorganisation — carries out one reorganisation of units (sắp xếp tổ chức; docs/domain.md §9,
 * docs/decisions/0023-reorganisation.md), id `reorganisation-<id>`. Waits until 00:00 of the
 * effective date in Asia/Ho_Chi_Minh (at once when that has passed), claims the record, then:
 * changes the units (new unit of a merger, rename, old units dissolved), moves each open task
 * through its own workflow's `reassign`, moves users and sub-units, then (patch
 * `reorganisation-follow-on`) open plans, pending plan obligations, recurrences and the inspection
 * rounds not closed (each through its own workflow's `moveUnits`), and records the totals.
 * Every step is an idempotent activity, so a retry or a replay moves nothing twice.
 * Messages: none (cancelling = the API marks the record cancelled, then cancels this run).
 * Timers: one, until the effective date. Continue-as-new: not needed (a handful of activities).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
import {
  REORGANISATION_REFUSED,
  type ReorganisationActivityContract,
} from './reorganisation.contract';
import {
  effectiveInstant,
  type ReorganisationInput,
  type ReorganisationResult,
} from './reorganisation.messages';

const acts = proxyActivities<ReorganisationActivityContract>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Since this patch the plans, plan obligations, recurrences and inspection rounds of the old units
 * follow the successor too; before it, a reorganisation moved tasks, users and sub-units only.
 */
const FOLLOW_ON = 'reorganisation-follow-on';

const nothing = (outcome: ReorganisationResult['outcome']): ReorganisationResult => ({
  outcome,
  tasksMoved: 0,
  usersMoved: 0,
});

export async function reorganisation(input: ReorganisationInput): Promise<ReorganisationResult> {
  const id = input.reorganisationId;
  try {
    const wait = effectiveInstant(input.effectiveOn) - Date.now();
    if (wait > 0) await sleep(wait);
    if (!(await acts.beginReorganisation(id))) return nothing('cancelled');
  } catch (error) {
    // Cancelled while scheduled: the API has already marked the record cancelled.
    if (isCancellation(error)) return nothing('cancelled');
    throw error;
  }
  try {
    await acts.changeUnits(id);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === REORGANISATION_REFUSED) {
      await acts.failReorganisation(id, cause.message);
      return nothing('failed');
    }
    throw error;
  }
  await acts.moveOpenTasks(id);
  await acts.moveMembers(id);
  if (patched(FOLLOW_ON)) {
    await acts.moveUnitWork(id);
    await acts.moveInspectionRounds(id);
  }
  const totals = await acts.finishReorganisation(id);
  return { outcome: 'completed', ...totals };
}
