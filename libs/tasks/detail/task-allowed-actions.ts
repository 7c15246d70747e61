import {
  checkTransition,
  isTerminal,
  TaskAction,
  TaskActionType,
  TaskState,
  TransitionContext,
  TransitionRejected,
} from '../../domain/task-state';
import type { Actor } from '../../auth/actor';
import { maySplit, mayPerform, TaskScope } from '../task-permissions';

/** What a caller may do to a task through the API (`fulfil` is the system's, with no route). */
export const TASK_ACTIONS = [
  'accept',
  'reportProgress',
  'submitResult',
  'approve',
  'returnForRework',
  'requestExtension',
  'decideExtension',
  'reassign',
  'recordExplanation',
  'cancel',
  'split',
] as const satisfies readonly (TaskActionType | 'split')[];
export type TaskActionName = (typeof TASK_ACTIONS)[number];

/**
 * A stand-in for each action with whatever payload passes the state machine's own checks (a new
 * due date later than any, another lead unit), so that `checkTransition` answers only about the
 * state: whether the action is possible now, not whether a particular form is filled in right.
 */
const probe = (type: TaskActionType): TaskAction =>
  ({ type, newDueDate: '9999-12-31', leadUnitId: '', actorId: '' }) as unknown as TaskAction;

const possible = (state: TaskState, type: TaskActionType, ctx: TransitionContext) => {
  try {
    checkTransition(state, probe(type), ctx);
    return true;
  } catch (error) {
    if (error instanceof TransitionRejected) return false;
    throw error;
  }
};

/**
 * The actions `actor` may take on the task now: allowed by the one permission rule
 * (task-permissions.ts) and by the task state machine (task-state.ts) from `state` today.
 */
export function allowedTaskActions(
  actor: Actor,
  scope: TaskScope,
  state: TaskState,
  ctx: TransitionContext,
): TaskActionName[] {
  return TASK_ACTIONS.filter((action) =>
    action === 'split'
      ? maySplit(actor, scope) && !isTerminal(state.status)
      : mayPerform(actor, action, scope) && possible(state, action, ctx),
  );
}
