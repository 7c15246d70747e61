import type { Actor } from '../../../auth/session';
import { canSeeUnitPath, isProvinceWide } from '../../../shared/scope';
import type { Unit } from '../../../shared/units';
import type { TaskDetail } from './taskApi';

/** What a user may do to a task from its page (the API's routes under /tasks/:id). */
export type TaskActionKey =
  | 'accept'
  | 'reportProgress'
  | 'submitResult'
  | 'approve'
  | 'returnForRework'
  | 'requestExtension'
  | 'decideExtension'
  | 'reassign'
  | 'recordExplanation'
  | 'cancel'
  | 'split';

/** The API's default TASK_MAX_EXTENSIONS (the limit is not published; a 409 says so if it differs). */
const MAX_EXTENSIONS = 1;

const OPEN = ['assigned', 'in_progress', 'submitted'];
const WORKING = ['assigned', 'in_progress'];

/**
 * The actions the signed-in user may take on the task now, and only those: the API's rules
 * (libs/tasks/task-permissions.ts for who, workflows/task/task-state.ts for when), since
 * GET /tasks/:id does not say. The API still checks every action; this only decides what to show.
 */
export function allowedActions(
  actor: Actor,
  task: TaskDetail,
  units: ReadonlyMap<string, Unit>,
  today: string,
): TaskActionKey[] {
  const leadPath = units.get(task.leadUnitId)?.path;
  const assigningPath = units.get(task.assigningUnitId)?.path;
  if (!leadPath || !assigningPath) return [];
  const is = (...roles: Actor['roles']) => actor.roles.some((r) => roles.includes(r));
  const underMe = leadPath.startsWith(actor.unitPath);
  const forLeadUnit = (is('unit_manager', 'specialist') && underMe) || actor.id === task.assigneeId;
  const managesLead = is('unit_manager') && underMe;
  const forAssigner =
    actor.id === task.assignerId ||
    task.reviewerIds.includes(actor.id) ||
    (is('leader', 'unit_manager') && actor.unitPath === assigningPath) ||
    (is('leader') && isProvinceWide(actor) && canSeeUnitPath(actor, assigningPath));

  const { status, dueDate, pendingExtension } = task;
  const open = OPEN.includes(status);
  const working = WORKING.includes(status);
  const when: Record<TaskActionKey, boolean> = {
    accept: forLeadUnit && status === 'assigned',
    reportProgress: forLeadUnit && working,
    submitResult: managesLead && working,
    approve: forAssigner && status === 'submitted',
    returnForRework: forAssigner && status === 'submitted',
    requestExtension:
      managesLead &&
      working &&
      !!dueDate &&
      !pendingExtension &&
      task.extensionsApproved < MAX_EXTENSIONS &&
      today <= dueDate,
    decideExtension: forAssigner && open && !!pendingExtension,
    reassign: forAssigner && open,
    recordExplanation: forLeadUnit && open && !!dueDate && today > dueDate,
    cancel: forAssigner && open,
    split: managesLead && open,
  };
  return (Object.keys(when) as TaskActionKey[]).filter((k) => when[k]);
}

/** Anyone who may open the task may add files to it while it is open (POST /tasks/:id/files). */
export const mayUploadFiles = (task: TaskDetail) => OPEN.includes(task.status);
