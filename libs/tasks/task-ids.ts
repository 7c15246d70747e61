import { v5 as uuidv5 } from 'uuid';

/** Namespace of GiaoViec's name-based task ids (a fixed random UUID; never change it). */
const TASK_NAMESPACE = '6f1c8e0a-3b7d-4c2e-9a51-2d8f4e7b9c30';

/**
 * The id of a task that has a code: derived from the assigning unit and the code (unique per
 * unit), so its workflow id is too and a second start for the same code — a parallel request,
 * a repeated import — is refused by Temporal rather than making a second workflow.
 */
export const codedTaskId = (assigningUnitId: string, code: string): string =>
  uuidv5(`task\0${assigningUnitId}\0${code}`, TASK_NAMESPACE);

/** The id of the task that carries a unit's obligation to implement a plan. */
export const obligationTaskId = (planId: string, unitId: string): string =>
  uuidv5(`obligation\0${planId}\0${unitId}`, TASK_NAMESPACE);

/** The id of a recurrence's occurrence for one period and unit (docs/domain.md §8). */
export const occurrenceTaskId = (recurrenceId: string, periodKey: string, unitId: string): string =>
  uuidv5(`occurrence\0${recurrenceId}\0${periodKey}\0${unitId}`, TASK_NAMESPACE);
