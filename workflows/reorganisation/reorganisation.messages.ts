/** Input, result and id of the `reorganisation` workflow, shared by the workflow and the API's client. */

export interface ReorganisationInput {
  reorganisationId: string;
  /** The effective date (YYYY-MM-DD); carried out from 00:00 that day, Asia/Ho_Chi_Minh. */
  effectiveOn: string;
}

export type ReorganisationOutcome = 'completed' | 'cancelled' | 'failed';

export interface ReorganisationResult {
  outcome: ReorganisationOutcome;
  tasksMoved: number;
  usersMoved: number;
}

/** One workflow per reorganisation. */
export const reorganisationWorkflowId = (reorganisationId: string) =>
  `reorganisation-${reorganisationId}`;

/** The instant a reorganisation takes effect: 00:00 of its date in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export const effectiveInstant = (effectiveOn: string) =>
  Date.parse(`${effectiveOn}T00:00:00+07:00`);
