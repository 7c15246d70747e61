/** Contract of the inspection round's activities; the worker binds InspectionActivities to it. */
import type { NewTaskRecord } from '../task/task.contract';

export interface FindingRecord {
  id: string;
  unitId: string;
  description: string;
  area: string | null;
  severity: 'low' | 'medium' | 'high';
  requiredAction: string;
  createdBy: string;
}

export interface InspectionActivityContract {
  /** Moves the round's row to `status` (and the conclusion date); notifies targets on 'notified'. */
  recordRoundStatus(roundId: string, status: string, concludedOn?: string): Promise<void>;
  recordSelfReport(roundId: string, unitId: string, report: string): Promise<void>;
  /** Marks the target inspected and stores its findings, once per finding id. */
  recordInspection(
    roundId: string,
    unitId: string,
    inspectedOn: string,
    findings: FindingRecord[],
  ): Promise<void>;
  /** The stored details of these findings (carried ones were recorded by an earlier round). */
  findingDetails(findingIds: string[]): Promise<FindingRecord[]>;
  /** Links findings to their remediation tasks. */
  linkRemediation(links: { findingId: string; taskId: string }[]): Promise<void>;
  /** Remediation tasks of these findings that are not completed yet. */
  openRemediation(findingIds: string[]): Promise<string[]>;
  /** Reminds targets whose inspection is near and who have not sent their self-report (once a day). */
  remindSelfReports(roundId: string): Promise<void>;
  /**
   * In one transaction: the round's inspecting unit, targets (a successor already a target keeps
   * its own row) and pending findings (no remediation task, or one still open) of each old unit
   * move to its successor. Returns the inspecting unit and the findings moved, by id.
   */
  moveRoundUnits(
    roundId: string,
    moves: { fromUnitId: string; toUnitId: string }[],
  ): Promise<{ inspectingUnitId: string; findings: Record<string, string> }>;
  /** Creates the follow-up round with the open findings and starts its workflow; returns its id. */
  carryOver(roundId: string, findingIds: string[], actorId: string): Promise<string>;
}

export type RemediationTask = NewTaskRecord;
