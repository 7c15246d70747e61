/** Messages of the `inspectionRound` workflow, shared with the API's client. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FindingRecord } from './inspection.activities';

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
};

export const roundStateQuery = defineQuery<RoundState>('state');

export const roundWorkflowId = (roundId: string) => `inspection-${roundId}`;
