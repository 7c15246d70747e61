/** Contract of the daily digest's activity; the worker binds DigestActivities to it. */
export interface DigestActivityContract {
  /** Puts one digest per unit leader with due-soon or overdue tasks in the inbox; returns e-mails to send. */
  recordDailyDigest(date: string): Promise<string[]>;
  /** Whether the scheduled digest goes out on `date`: a working day, or every day if so configured. */
  digestGoesOut(date: string): Promise<boolean>;
}
