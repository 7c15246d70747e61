/** Contract of the reorganisation workflow's activities; the worker binds ReorganisationActivities to it. */

/** The failure type of a reorganisation that cannot be carried out as recorded (non-retryable). */
export const REORGANISATION_REFUSED = 'REORGANISATION_REFUSED';

export interface ReorganisationTotals {
  tasksMoved: number;
  usersMoved: number;
}

export interface ReorganisationActivityContract {
  /** Claims a scheduled reorganisation (→ running); false when it was cancelled or is gone. */
  beginReorganisation(reorganisationId: string): Promise<boolean>;
  /**
   * In one transaction, once: creates a merger's new unit, renames, marks the old units dissolved
   * on the effective date. Throws REORGANISATION_REFUSED when that is no longer possible.
   */
  changeUnits(reorganisationId: string): Promise<void>;
  /**
   * Records the open tasks led by the old units with their successor, then moves each through
   * its own workflow (`reassign`); a task already moved or closed meanwhile is not touched again.
   */
  moveOpenTasks(reorganisationId: string): Promise<number>;
  /** Moves the old units' users and sub-units to the successor; counts what this call moved. */
  moveMembers(reorganisationId: string): Promise<void>;
  /**
   * In one transaction, once: the old units' open plans (as issuing unit), pending plan
   * obligations and recurrences (assigning unit, targets) go to the (default) successor; counted.
   */
  moveUnitWork(reorganisationId: string): Promise<void>;
  /**
   * Records once the inspection rounds not closed that name an old unit (inspecting unit, target,
   * pending finding), then tells each round's workflow (`moveUnits`), which moves its own rows.
   */
  moveInspectionRounds(reorganisationId: string): Promise<number>;
  finishReorganisation(reorganisationId: string): Promise<ReorganisationTotals>;
  failReorganisation(reorganisationId: string, reason: string): Promise<void>;
}
