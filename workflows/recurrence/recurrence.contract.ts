/** Contract of the recurrence run's activities; the worker binds RecurrenceActivities to it. */
import type { NewTaskRecord } from '../task/task.contract';
import type { TaskWorkflowSettings } from '../task/task.messages';

export interface DueOccurrences {
  /** The occurrences due by the run's date whose task is not stored yet (ids fixed per period and unit). */
  tasks: NewTaskRecord[];
  settings: TaskWorkflowSettings;
  /** The recurrence is paused or ended, or no longer exists: nothing was claimed. */
  inactive: boolean;
}

export interface RecurrenceActivityContract {
  /**
   * Records the occurrences of the recurrence due by `date` (docs/domain.md §8) for every target
   * unit, once per period and unit, and answers those whose task row is not stored yet.
   */
  dueOccurrences(recurrenceId: string, date: string): Promise<DueOccurrences>;
}
