/**
 * inspectionRound — one workflow per inspection round, id `inspection-<roundId>`
 * (docs/domain.md §4).
 *
 * Messages (inspection.messages.ts): updates notify, recordSelfReport, recordInspection, conclude,
 * close, moveUnits (each validated; rejections are ApplicationFailures with stable codes); query
 * `state`. `moveUnits` comes from a reorganisation (docs/domain.md §9): the round's rows and its
 * memory of units (inspecting unit, targets, pending findings) follow the successor, so the
 * remediation tasks of a later conclusion are led by it, not by the dissolved unit. It needs no
 * patch: histories written before it never hold the update, and until one arrives the round runs
 * exactly as before.
 * At the conclusion every finding gets a remediation task: a `taskLifecycle` child workflow
 * (abandoned on close) led by the inspected unit, assigned by the team leader, reviewed by the
 * team — so reports, rejection with a reason, reminders and overdue escalation are the tasks' own.
 * Timers: once per calendar day. While targets are notified, those whose inspection is within
 * three days and who have sent no self-report are reminded; after the conclusion the round checks
 * which remediation tasks are still open, and closes itself when none is. Closing early with
 * carry-over starts a follow-up round (a child workflow, abandoned) that keeps following the open
 * findings; those closed before any conclusion get their remediation task at the follow-up's
 * conclusion, from the details stored in PostgreSQL (`findingDetails`), not from this memory.
 * Continue-as-new: not needed (one check a day; a round lasts weeks).
 * Patch `search-attributes` (issue 12): remediation tasks start labelled for search (status,
 * source, due date; task.search-attributes.ts) with their title as the summary.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import { newTaskRecord } from '../../libs/domain/task-record';
import { taskWorkflowId } from '../task/task.messages';
import { taskSearchAttributes, workflowSummary } from '../task/task.search-attributes';
import type { FindingRecord, InspectionActivityContract } from './inspection.contract';
import {
  InspectionRoundInput,
  roundStateQuery,
  RoundState,
  roundUpdates,
  roundWorkflowId,
  type UnitMove,
} from './inspection.messages';

const acts = proxyActivities<InspectionActivityContract>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Since this patch a conclusion loads the details of carried findings (recorded by the round they
 * were carried from) before starting their remediation tasks; before it, it read them from this
 * round's memory only, where carried findings have none (issue 11).
 */
const CARRIED_FINDING_DETAILS = 'inspection-carried-finding-details';

const reject = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

export async function inspectionRound(input: InspectionRoundInput): Promise<RoundState> {
  const state: RoundState = {
    roundId: input.roundId,
    status: 'planned',
    targets: Object.fromEntries(input.targets.map((t) => [t.unitId, 'planned' as const])),
    findings: input.carriedFindings.map((f) => ({ ...f, closed: false })),
    carriedToRoundId: null,
  };
  const details = new Map<string, FindingRecord>();
  // As input, until a reorganisation moves units (moveUnits).
  let inspectingUnitId = input.inspectingUnitId;
  const plannedDates = new Map(input.targets.map((t) => [t.unitId, t.plannedDate]));
  let busy = false;

  async function exclusive(run: () => Promise<void>): Promise<RoundState> {
    await condition(() => !busy);
    busy = true;
    try {
      await run();
      return state;
    } finally {
      busy = false;
    }
  }
  const requireStatus = (...allowed: RoundState['status'][]) => {
    if (!allowed.includes(state.status)) {
      throw reject('ROUND_INVALID_STATE', `The round is ${state.status}`);
    }
  };
  const requireTarget = (unitId: string) => {
    if (!state.targets[unitId])
      throw reject('TARGET_NOT_IN_ROUND', 'The unit is not a target of this round');
    if (state.targets[unitId] === 'inspected') {
      throw reject('TARGET_ALREADY_INSPECTED', 'The unit has already been inspected');
    }
  };
  const open = () => state.findings.filter((f) => !f.closed);

  setHandler(
    roundUpdates.notify,
    (_input: { actorId: string }) =>
      exclusive(async () => {
        await acts.recordRoundStatus(input.roundId, 'notified');
        state.status = 'notified';
      }),
    { validator: (_input: { actorId: string }) => requireStatus('planned') },
  );

  setHandler(
    roundUpdates.recordSelfReport,
    ({ unitId, report }) =>
      exclusive(async () => {
        await acts.recordSelfReport(input.roundId, unitId, report);
        state.targets[unitId] = 'self_reported';
      }),
    {
      validator: ({ unitId }) => {
        requireStatus('notified');
        requireTarget(unitId);
      },
    },
  );

  setHandler(
    roundUpdates.recordInspection,
    ({ unitId, inspectedOn, findings }) =>
      exclusive(async () => {
        await acts.recordInspection(input.roundId, unitId, inspectedOn, findings);
        state.targets[unitId] = 'inspected';
        for (const f of findings) {
          details.set(f.id, f);
          state.findings.push({ id: f.id, unitId, taskId: null, closed: false });
        }
      }),
    {
      validator: ({ unitId }) => {
        requireStatus('notified');
        requireTarget(unitId);
      },
    },
  );

  setHandler(
    roundUpdates.conclude,
    ({ concludedOn, remediationDue }) =>
      exclusive(async () => {
        const links: { findingId: string; taskId: string }[] = [];
        const pending = state.findings.filter((f) => !f.taskId);
        // Carried findings were recorded by an earlier round: their details are in PostgreSQL.
        const unknown = pending.filter((f) => !details.has(f.id)).map((f) => f.id);
        if (unknown.length > 0 && patched(CARRIED_FINDING_DETAILS)) {
          for (const f of await acts.findingDetails(unknown)) details.set(f.id, f);
          const lost = unknown.filter((id) => !details.has(id));
          if (lost.length > 0) {
            throw reject('FINDING_NOT_FOUND', `Findings not found: ${lost.join(', ')}`);
          }
        }
        for (const finding of pending) {
          const taskId = uuid4();
          const f = details.get(finding.id)!;
          const title = `Khắc phục: ${f.description}`.slice(0, 500);
          await startChild('taskLifecycle', {
            workflowId: taskWorkflowId(taskId),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            ...(patched('search-attributes') && {
              typedSearchAttributes: taskSearchAttributes({
                status: 'assigned',
                source: 'kiem_tra',
                dueDate: remediationDue,
              }),
              staticSummary: workflowSummary(title),
            }),
            args: [
              {
                // A pure function of the same values: the child's input is unchanged.
                task: newTaskRecord(
                  {
                    title,
                    description: f.requiredAction,
                    source: 'kiem_tra',
                    leadUnitId: finding.unitId,
                    reviewerIds: input.teamIds,
                    priority: f.severity === 'high' ? 'high' : 'normal',
                    area: f.area,
                    dueDate: remediationDue,
                  },
                  {
                    id: taskId,
                    assignerId: input.leaderId,
                    assigningUnitId: inspectingUnitId,
                    assignedAt: new Date(),
                  },
                ),
                settings: input.taskSettings,
              },
            ],
          });
          finding.taskId = taskId;
          links.push({ findingId: finding.id, taskId });
        }
        await acts.linkRemediation(links);
        await acts.recordRoundStatus(input.roundId, 'concluded', concludedOn);
        state.status = 'concluded';
      }),
    {
      validator: (_input: { concludedOn: string }) => {
        requireStatus('notified');
        if (!Object.values(state.targets).includes('inspected')) {
          throw reject('NOTHING_INSPECTED', 'Record at least one inspection before concluding');
        }
      },
    },
  );

  setHandler(
    roundUpdates.close,
    ({ actorId }) =>
      exclusive(async () => {
        const remaining = open();
        if (remaining.length > 0) {
          const followUpId = await acts.carryOver(
            input.roundId,
            remaining.map((f) => f.id),
            actorId,
          );
          await startChild(inspectionRound, {
            workflowId: roundWorkflowId(followUpId),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            args: [
              {
                ...input,
                inspectingUnitId,
                roundId: followUpId,
                title: `${input.title} (tiếp theo)`,
                targets: [...new Set(remaining.map((f) => f.unitId))].map((unitId) => ({
                  unitId,
                  plannedDate: plannedDates.get(unitId) ?? '',
                })),
                carriedFindings: remaining.map(({ id, unitId, taskId }) => ({
                  id,
                  unitId,
                  taskId,
                })),
              },
            ],
          });
          state.carriedToRoundId = followUpId;
          for (const f of remaining) f.closed = true;
        }
        await acts.recordRoundStatus(input.roundId, 'closed');
        state.status = 'closed';
      }),
    {
      validator: ({ carryOver }) => {
        requireStatus('notified', 'concluded');
        if (open().length > 0 && !carryOver) {
          throw reject(
            'FINDINGS_OPEN',
            'Open findings must be carried over to close the round early',
          );
        }
      },
    },
  );

  setHandler(
    roundUpdates.moveUnits,
    ({ moves }) =>
      exclusive(async () => {
        const moved = await acts.moveRoundUnits(input.roundId, moves);
        inspectingUnitId = moved.inspectingUnitId;
        for (const f of state.findings) f.unitId = moved.findings[f.id] ?? f.unitId;
        // One target per unit: a successor already a target keeps its own progress.
        for (const { fromUnitId, toUnitId } of moves) {
          const status = state.targets[fromUnitId];
          if (!status || fromUnitId === toUnitId) continue;
          delete state.targets[fromUnitId];
          state.targets[toUnitId] ??= status;
          if (!plannedDates.has(toUnitId)) {
            plannedDates.set(toUnitId, plannedDates.get(fromUnitId) ?? '');
          }
        }
      }),
    {
      validator: (_input: { actorId: string; moves: UnitMove[] }) =>
        requireStatus('planned', 'notified', 'concluded'),
    },
  );

  setHandler(roundStateQuery, () => state);

  // Follow remediation once a day (and right after any update) until every finding is closed.
  while (state.status !== 'closed') {
    if (state.status === 'notified') await acts.remindSelfReports(input.roundId);
    const followed = state.findings.filter((f) => f.taskId && !f.closed);
    const mayClose = state.status === 'concluded' || input.carriedFindings.length > 0;
    if (followed.length > 0) {
      const stillOpen = new Set(await acts.openRemediation(followed.map((f) => f.id)));
      for (const f of followed) f.closed = !stillOpen.has(f.taskId!);
    }
    if (mayClose && state.status !== 'planned' && open().length === 0 && !busy) {
      await acts.recordRoundStatus(input.roundId, 'closed');
      state.status = 'closed';
      break;
    }
    const status = state.status;
    const count = state.findings.length;
    await condition(
      () => state.status !== status || state.findings.length !== count,
      input.followUpEveryMs,
    );
  }
  await condition(allHandlersFinished);
  return state;
}
