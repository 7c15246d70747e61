/** Input and ids of the `recurrenceRun` workflow, shared by the workflow and the API's client. */

export interface RecurrenceRunInput {
  recurrenceId: string;
}

export interface RecurrenceRunResult {
  /** The date the run stood for (the schedule's time, in Asia/Ho_Chi_Minh). */
  date: string;
  /** Tasks whose workflows this run started (or found started). */
  started: number;
  inactive: boolean;
}

/** The recurrence's Temporal Schedule; each run's workflow id is this plus the scheduled time. */
export const recurrenceScheduleId = (recurrenceId: string) => `recurrence-${recurrenceId}`;
