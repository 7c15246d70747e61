/**
 * The one way a new task record (the task workflow's input) is built from an assignment, whoever
 * assigns: a person through the API (one task, many, or imported history), a plan's items, or an
 * inspection's findings (docs/domain.md §2, §3, §4). Pure: what needs the outside world — the
 * task's id, the instant, a document symbol's canonical form, the working calendar — comes in.
 */
import { IsoDate, vnDateOf } from './dates';

export interface NewTaskRecord {
  id: string;
  code: string | null;
  title: string;
  description: string | null;
  source: string;
  sourceDocument: string | null;
  sourceDocumentDate: string | null;
  assignerId: string;
  assigningUnitId: string;
  leadUnitId: string;
  coordinatingUnitIds: string[];
  watcherIds: string[];
  /** Besides the assigner, these users may approve or return the result (an inspection team). */
  reviewerIds: string[];
  assigneeId: string | null;
  parentTaskId: string | null;
  /** The plan this task is an item of. */
  planId?: string | null;
  priority: string;
  area: string | null;
  attachments: { name: string; url: string }[];
  dueDate: string | null;
  /** `dueDate` under the deadline rule (docs/domain.md §3), when the assigner worked it out. */
  effectiveDueDate?: string | null;
  assignedAt: string;
  /** Imported history: the task arrives completed at this instant, with this result. */
  completedAt?: string | null;
  result?: string | null;
}

/** What is assigned: the fields of an assignment form, a plan item or a remediation. */
export interface TaskSpec {
  code?: string | null;
  title: string;
  description?: string | null;
  source: string;
  /** The source document's symbol in canonical form (the caller normalises it). */
  sourceDocument?: string | null;
  sourceDocumentDate?: IsoDate | null;
  leadUnitId: string;
  coordinatingUnitIds?: string[] | null;
  watcherIds?: string[] | null;
  reviewerIds?: string[] | null;
  assigneeId?: string | null;
  parentTaskId?: string | null;
  priority?: string | null;
  area?: string | null;
  attachments?: { name: string; url: string }[] | null;
  /** A calendar date; or, instead, a number of working days from the assignment's date. */
  dueDate?: IsoDate | null;
  dueInWorkingDays?: number | null;
}

/** The part of the working calendar (docs/domain.md §6) a deadline in working days needs. */
export interface WorkingDays {
  addWorkingDays(from: IsoDate, days: number): IsoDate;
}

/** Who assigns, when, and what the caller decided. */
export interface Assignment {
  id: string;
  assignerId: string;
  assigningUnitId: string;
  /** The instant of assignment (for imported history: when it was assigned back then). */
  assignedAt: Date;
  planId?: string | null;
  /** Imported history: the task was completed at this instant (or not), with this result. */
  imported?: { completedAt: string | null; result: string | null };
  /** Needed only when the spec gives its deadline in working days. */
  calendar?: WorkingDays;
  /** The deadline rule (docs/domain.md §3) applied to the written due date. */
  effectiveOf?: (written: IsoDate) => IsoDate;
}

/**
 * The deadline of an assignment: the date given, or `dueInWorkingDays` working days after the
 * assignment's calendar date in Asia/Ho_Chi_Minh; null for a task without deadline.
 */
export function dueDateOf(
  spec: Pick<TaskSpec, 'dueDate' | 'dueInWorkingDays'>,
  assignedAt: Date,
  calendar?: WorkingDays,
): IsoDate | null {
  if (!spec.dueInWorkingDays) return spec.dueDate ?? null;
  if (!calendar) throw new Error('A deadline in working days needs the working calendar');
  return calendar.addWorkingDays(vnDateOf(assignedAt), spec.dueInWorkingDays);
}

/** The new task record of `spec` assigned as `assignment` says. */
export function newTaskRecord(spec: TaskSpec, assignment: Assignment): NewTaskRecord {
  const { imported, effectiveOf } = assignment;
  const dueDate = dueDateOf(spec, assignment.assignedAt, assignment.calendar);
  return {
    id: assignment.id,
    code: spec.code ?? null,
    title: spec.title,
    description: spec.description ?? null,
    source: spec.source,
    sourceDocument: spec.sourceDocument ?? null,
    sourceDocumentDate: spec.sourceDocumentDate ?? null,
    assignerId: assignment.assignerId,
    assigningUnitId: assignment.assigningUnitId,
    leadUnitId: spec.leadUnitId,
    coordinatingUnitIds: spec.coordinatingUnitIds ?? [],
    watcherIds: spec.watcherIds ?? [],
    reviewerIds: spec.reviewerIds ?? [],
    assigneeId: spec.assigneeId ?? null,
    parentTaskId: spec.parentTaskId ?? null,
    planId: assignment.planId ?? null,
    ...(imported && { completedAt: imported.completedAt, result: imported.result }),
    priority: spec.priority ?? 'normal',
    area: spec.area ?? null,
    attachments: (spec.attachments ?? []).map(({ name, url }) => ({ name, url })),
    dueDate,
    ...(effectiveOf && { effectiveDueDate: dueDate && effectiveOf(dueDate) }),
    assignedAt: assignment.assignedAt.toISOString(),
  };
}
