/** Messages and input of the `inspectionRound` workflow, shared with the API's client. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskWorkflowSettings } from '../task/task.messages';
import type { FindingRecord } from './inspection.contract';

export interface InspectionRoundInput {
  roundId: string;
  title: string;
  inspectingUnitId: string;
  leaderId: string;
  /** The leader and the members: they record findings and decide remediation. */
  teamIds: string[];
  targets: { unitId: string; plannedDate: string }[];
  /** Findings carried over from an earlier round, with their remediation tasks. */
  carriedFindings: { id: string; unitId: string; taskId: string | null }[];
  taskSettings: TaskWorkflowSettings;
  /** How often open remediation is checked: one calendar day. */
  followUpEveryMs: number;
}

export type RoundStatus = 'planned' | 'notified' | 'concluded' | 'closed';

export interface RoundState {
  roundId: string;
  status: RoundStatus;
  targets: Record<string, 'planned' | 'self_reported' | 'inspected'>;
  findings: { id: string; unitId: string; taskId: string | null; closed: boolean }[];
  carriedToRoundId: string | null;
}

export const roundUpdates = {
  notify: defineUpdate<RoundState, [{ actorId: string }]>('notify'),
  recordSelfReport: defineUpdate<RoundState, [{ actorId: string; unitId: string; report: string }]>(
    'recordSelfReport',
  ),
  recordInspection: defineUpdate<
    RoundState,
    [{ actorId: string; unitId: string; inspectedOn: string; findings: FindingRecord[] }]
  >('recordInspection'),
  conclude: defineUpdate<
    RoundState,
    [{ actorId: string; concludedOn: string; remediationDue: string }]
  >('conclude'),
  close: defineUpdate<RoundState, [{ actorId: string; carryOver: boolean }]>('close'),
  /**
   * A reorganisation took units away (docs/domain.md §9): the round's inspecting unit, targets and
   * pending findings of each `fromUnitId` move to its `toUnitId`. Repeating it changes nothing.
   */
  moveUnits: defineUpdate<RoundState, [{ actorId: string; moves: UnitMove[] }]>('moveUnits'),
};

export interface UnitMove {
  fromUnitId: string;
  toUnitId: string;
}

export const roundStateQuery = defineQuery<RoundState>('state');

export const roundWorkflowId = (roundId: string) => `inspection-${roundId}`;
