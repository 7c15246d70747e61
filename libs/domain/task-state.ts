/**
 * The task state machine, pure: no Temporal, no I/O. The workflow applies it; unit tests drive it.
 * States (docs/domain.md §3): đã giao → đang thực hiện → chờ duyệt → hoàn thành, or trả lại
 * (back to đang thực hiện), or hủy. Extensions, reassignment and explanations change data, not
 * the state.
 */
export type TaskStatus = 'assigned' | 'in_progress' | 'submitted' | 'completed' | 'cancelled';

export const TASK_STATUSES: readonly TaskStatus[] = [
  'assigned',
  'in_progress',
  'submitted',
  'completed',
  'cancelled',
];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'cancelled'];

export type TaskAction =
  | { type: 'accept'; actorId: string }
  | { type: 'reportProgress'; actorId: string; percent: number; note?: string }
  | {
      type: 'submitResult';
      actorId: string;
      result: string;
      outputDocument?: string;
      explanation?: string;
    }
  | { type: 'approve'; actorId: string; note?: string }
  | { type: 'returnForRework'; actorId: string; reason: string }
  | {
      type: 'requestExtension';
      actorId: string;
      newDueDate: string;
      reason: string;
      /** newDueDate under the deadline rule (docs/domain.md §3), as the API worked it out. */
      newEffectiveDueDate?: string;
    }
  | { type: 'decideExtension'; actorId: string; approve: boolean; note?: string }
  | { type: 'reassign'; actorId: string; leadUnitId: string; reason: string }
  | { type: 'recordExplanation'; actorId: string; explanation: string }
  | { type: 'cancel'; actorId: string; reason: string }
  /** Completion by the system when the expected output exists (a unit registered its plan). */
  | { type: 'fulfil'; actorId: string; evidence: string };

export type TaskActionType = TaskAction['type'];

export interface PendingExtension {
  newDueDate: string;
  newEffectiveDueDate?: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export interface TaskState {
  taskId: string;
  status: TaskStatus;
  leadUnitId: string;
  progressPercent: number;
  /** The due date as written: the approved extension's date once there is one. */
  dueDate: string | null;
  /**
   * The deadline timeliness and overdue reminders count from: `dueDate` moved off a non-working
   * day (docs/domain.md §3). Absent from states made before it existed: `dueDate` then.
   */
  effectiveDueDate?: string | null;
  originalDueDate: string | null;
  /** Bumped whenever the due date changes; reminders are keyed by it. */
  dueVersion: number;
  extensionsApproved: number;
  pendingExtension: PendingExtension | null;
  explanation: string | null;
  /** ISO instant of the pending or accepted submission. */
  submittedAt: string | null;
  /** ISO instant of the accepted submission (docs/domain.md §3: not the approval click). */
  completedAt: string | null;
  /** Sequence number of the last event: 1 is the assignment. */
  version: number;
}

/** Configurable rules (docs/domain.md §3: Đồng Tháp allows one extension, asked before the deadline). */
export interface TaskRules {
  maxExtensions: number;
  extensionOnlyBeforeDue: boolean;
}

/** What a transition may depend on besides the state: today's date in Asia/Ho_Chi_Minh. */
export interface TransitionContext {
  today: string;
  rules: TaskRules;
}

export interface TaskEventRecord {
  seq: number;
  action: string;
  actorId: string | null;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface Transition {
  next: TaskState;
  event: TaskEventRecord;
}

/** A rejected action, with a stable code the API returns as 409. */
export class TransitionRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionRejected';
  }
}

const OPEN: readonly TaskStatus[] = ['assigned', 'in_progress', 'submitted'];
const WORKING: readonly TaskStatus[] = ['assigned', 'in_progress'];

const ALLOWED_FROM: Record<TaskActionType, readonly TaskStatus[]> = {
  accept: ['assigned'],
  reportProgress: WORKING,
  submitResult: WORKING,
  approve: ['submitted'],
  returnForRework: ['submitted'],
  requestExtension: WORKING,
  decideExtension: OPEN,
  reassign: OPEN,
  recordExplanation: OPEN,
  cancel: OPEN,
  fulfil: WORKING,
};

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The deadline a state counts from (docs/domain.md §3, "Effective deadline"). */
export const effectiveDueOf = (state: Pick<TaskState, 'dueDate' | 'effectiveDueDate'>) =>
  state.effectiveDueDate ?? state.dueDate;

export function initialTaskState(task: {
  id: string;
  leadUnitId: string;
  dueDate: string | null;
  effectiveDueDate?: string | null;
  completedAt?: string | null;
}): TaskState {
  const completedAt = task.completedAt ?? null;
  return {
    taskId: task.id,
    status: completedAt ? 'completed' : 'assigned',
    leadUnitId: task.leadUnitId,
    progressPercent: completedAt ? 100 : 0,
    dueDate: task.dueDate,
    // Only when it differs, so that a record without a rule makes the same state as before.
    ...(task.effectiveDueDate &&
      task.effectiveDueDate !== task.dueDate && { effectiveDueDate: task.effectiveDueDate }),
    originalDueDate: task.dueDate,
    dueVersion: 1,
    extensionsApproved: 0,
    pendingExtension: null,
    explanation: null,
    submittedAt: completedAt,
    completedAt,
    version: 1,
  };
}

const reject = (code: string, message: string): never => {
  throw new TransitionRejected(code, message);
};

/** Throws `TransitionRejected` when `action` is not allowed in `state` today. */
export function checkTransition(
  state: TaskState,
  action: TaskAction,
  ctx: TransitionContext,
): void {
  if (!ALLOWED_FROM[action.type].includes(state.status)) {
    if (state.status === 'completed')
      reject('TASK_ALREADY_COMPLETED', 'The task is already completed');
    if (state.status === 'cancelled') reject('TASK_CANCELLED', 'The task has been cancelled');
    reject(
      'TASK_INVALID_TRANSITION',
      `Action ${action.type} is not allowed while the task is ${state.status}`,
    );
  }
  switch (action.type) {
    case 'requestExtension':
      return checkExtensionRequest(state, action.newDueDate, ctx);
    case 'decideExtension':
      if (!state.pendingExtension)
        reject('NO_PENDING_EXTENSION', 'No extension request is pending');
      return;
    case 'reassign':
      if (action.leadUnitId === state.leadUnitId) {
        reject('SAME_LEAD_UNIT', 'The task is already led by that unit');
      }
      return;
    case 'recordExplanation':
      if (!state.dueDate || ctx.today <= effectiveDueOf(state)!) {
        reject('TASK_NOT_LATE', 'An explanation is recorded only for a task past its due date');
      }
      return;
  }
}

function checkExtensionRequest(state: TaskState, newDueDate: string, ctx: TransitionContext) {
  if (!state.dueDate) reject('TASK_HAS_NO_DEADLINE', 'A task without deadline needs no extension');
  if (state.pendingExtension)
    reject('EXTENSION_PENDING', 'An extension request is already pending');
  if (state.extensionsApproved >= ctx.rules.maxExtensions) {
    reject(
      'EXTENSION_LIMIT_REACHED',
      `At most ${ctx.rules.maxExtensions} extension(s) per task are allowed`,
    );
  }
  if (ctx.rules.extensionOnlyBeforeDue && ctx.today > effectiveDueOf(state)!) {
    reject('EXTENSION_AFTER_DEADLINE', 'An extension must be asked for before the due date passes');
  }
  if (newDueDate <= state.dueDate!) {
    reject('EXTENSION_NOT_LATER', 'The new due date must be after the current one');
  }
}

export function applyTransition(
  state: TaskState,
  action: TaskAction,
  now: Date,
  ctx: TransitionContext,
): Transition {
  checkTransition(state, action, ctx);
  const at = now.toISOString();
  const next: TaskState = { ...state, version: state.version + 1 };
  const { type, actorId, ...data } = action;
  switch (action.type) {
    case 'accept':
      next.status = 'in_progress';
      break;
    case 'reportProgress':
      next.status = 'in_progress';
      next.progressPercent = action.percent;
      break;
    case 'submitResult':
      next.status = 'submitted';
      next.submittedAt = at;
      if (action.explanation) next.explanation = action.explanation;
      break;
    case 'approve':
      next.status = 'completed';
      next.completedAt = state.submittedAt;
      next.progressPercent = 100;
      next.pendingExtension = null;
      break;
    case 'returnForRework':
      next.status = 'in_progress';
      next.submittedAt = null;
      break;
    case 'requestExtension':
      next.pendingExtension = {
        newDueDate: action.newDueDate,
        ...(action.newEffectiveDueDate && { newEffectiveDueDate: action.newEffectiveDueDate }),
        reason: action.reason,
        requestedBy: actorId,
        requestedAt: at,
      };
      break;
    case 'decideExtension':
      next.pendingExtension = null;
      if (action.approve) {
        next.dueDate = state.pendingExtension!.newDueDate;
        next.effectiveDueDate = state.pendingExtension!.newEffectiveDueDate ?? next.dueDate;
        next.dueVersion = state.dueVersion + 1;
        next.extensionsApproved = state.extensionsApproved + 1;
        Object.assign(data, { previousDueDate: state.dueDate, newDueDate: next.dueDate });
      }
      break;
    case 'reassign':
      next.leadUnitId = action.leadUnitId;
      Object.assign(data, { previousLeadUnitId: state.leadUnitId });
      break;
    case 'recordExplanation':
      next.explanation = action.explanation;
      break;
    case 'cancel':
      next.status = 'cancelled';
      next.pendingExtension = null;
      break;
    case 'fulfil':
      next.status = 'completed';
      next.submittedAt = at;
      next.completedAt = at;
      next.progressPercent = 100;
      next.pendingExtension = null;
      break;
  }
  return {
    next,
    event: {
      seq: next.version,
      action: type,
      actorId,
      fromStatus: state.status,
      toStatus: next.status,
      data,
      occurredAt: at,
    },
  };
}
