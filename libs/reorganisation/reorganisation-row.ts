/** A reorganisation as stored (docs/domain.md §9), read by the API and the worker alike. */

export const REORGANISATION_KINDS = ['rename', 'merge', 'absorb', 'split', 'dissolve'] as const;
export type ReorganisationKind = (typeof REORGANISATION_KINDS)[number];

export const REORGANISATION_STATUSES = [
  'scheduled',
  'running',
  'completed',
  'cancelled',
  'failed',
] as const;
export type ReorganisationStatus = (typeof REORGANISATION_STATUSES)[number];

export interface NewUnitSpec {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string;
}

export interface TaskAssignment {
  taskId: string;
  unitId: string;
}

export interface ReorganisationRow {
  id: string;
  kind: ReorganisationKind;
  status: ReorganisationStatus;
  effectiveOn: string;
  sourceUnitIds: string[];
  successorUnitIds: string[];
  defaultSuccessorUnitId: string | null;
  taskAssignments: TaskAssignment[];
  newUnit: NewUnitSpec | null;
  newName: string | null;
  newCode: string | null;
  decision: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  tasksMoved: number;
  tasksSkipped: number;
  usersMoved: number;
  unitsMoved: number;
  plansMoved: number;
  obligationsMoved: number;
  recurrencesMoved: number;
  inspectionRoundsMoved: number;
  findingsMoved: number;
  failure: string | null;
}

export const REORGANISATION_COLUMNS = `r.id, r.kind, r.status, r.effective_on::text AS "effectiveOn",
  r.source_unit_ids AS "sourceUnitIds", r.successor_unit_ids AS "successorUnitIds",
  r.default_successor_id AS "defaultSuccessorUnitId", r.task_assignments AS "taskAssignments",
  r.new_unit AS "newUnit", r.new_name AS "newName", r.new_code AS "newCode", r.decision,
  r.created_by AS "createdBy", r.created_at AS "createdAt", r.started_at AS "startedAt",
  r.finished_at AS "finishedAt", r.cancelled_at AS "cancelledAt", r.tasks_moved AS "tasksMoved",
  r.tasks_skipped AS "tasksSkipped", r.users_moved AS "usersMoved", r.units_moved AS "unitsMoved",
  r.plans_moved AS "plansMoved", r.obligations_moved AS "obligationsMoved",
  r.recurrences_moved AS "recurrencesMoved",
  cardinality(r.inspection_rounds_done) AS "inspectionRoundsMoved",
  r.findings_moved AS "findingsMoved", r.failure`;

/** 2025-03-01 → 01/03/2025. */
export const vnDate = (date: string) => date.split('-').reverse().join('/');

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} và ${names.at(-1)}`;

/**
 * Why a task moved, as its history shows it: "Sắp xếp tổ chức: Sở Kế hoạch và Đầu tư sáp nhập
 * vào Sở Tài chính từ 01/03/2025 (Quyết định số …)".
 */
export function reorganisationReason(
  kind: ReorganisationKind,
  sources: string[],
  successors: string[],
  effectiveOn: string,
  decision: string | null,
): string {
  const from = `từ ${vnDate(effectiveOn)}`;
  const what = {
    rename: `${list(sources)} đổi tên thành ${list(successors)} ${from}`,
    merge: `${list(sources)} hợp nhất thành ${list(successors)} ${from}`,
    absorb: `${list(sources)} sáp nhập vào ${list(successors)} ${from}`,
    split: `${list(sources)} chia thành ${list(successors)} ${from}`,
    dissolve: `${list(sources)} giải thể ${from}, ${list(successors)} tiếp nhận nhiệm vụ`,
  }[kind];
  return `Sắp xếp tổ chức: ${what}${decision ? ` (${decision})` : ''}`;
}
