/**
 * The task workflow's custom search attributes, so that people find tasks in the Temporal UI
 * (`GvLeadUnit = 'SKHDT' AND GvStatus = 'in_progress'`), and its one-line summary (the title).
 * Keys are defined once here (workflows and the API both import this file); `TASK_SEARCH_ATTRIBUTES`
 * is the list a cluster must have registered (libs/temporal/search-attributes.ts; the dev server
 * gets them as `--search-attribute` flags in libs/infra/temporal-server.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import type { TaskStatus } from '../../libs/domain/task-state';

/** Task status (assigned, in_progress, submitted, completed, cancelled); kept current by the workflow. */
export const GV_STATUS = defineSearchAttributeKey('GvStatus', SearchAttributeType.KEYWORD);
/** Code of the lead unit (e.g. SKHDT); kept current on reassignment. */
export const GV_LEAD_UNIT = defineSearchAttributeKey('GvLeadUnit', SearchAttributeType.KEYWORD);
/**
 * The due date as the instant it ends: 23:59:59 Asia/Ho_Chi_Minh (+07:00, no daylight saving).
 * A task is overdue exactly when `GvDueDate < now`, and `GvDueDate BETWEEN 'd1T00:00:00+07:00' AND
 * 'd2T23:59:59+07:00'` finds the tasks due from d1 to d2. Absent when the task has no due date.
 */
export const GV_DUE_DATE = defineSearchAttributeKey('GvDueDate', SearchAttributeType.DATETIME);
/** The task's source as stored on the task (chu_tich_ubnd_tinh, ubnd_tinh, kiem_tra, …). */
export const GV_SOURCE = defineSearchAttributeKey('GvSource', SearchAttributeType.KEYWORD);

/** What a cluster must register: name and type of every key above. */
export const TASK_SEARCH_ATTRIBUTES: readonly { name: string; type: SearchAttributeType }[] = [
  GV_STATUS,
  GV_LEAD_UNIT,
  GV_DUE_DATE,
  GV_SOURCE,
].map(({ name, type }) => ({ name, type }));

/** The instant a calendar due date (YYYY-MM-DD) ends in Vietnam. */
export function dueDateInstant(dueDate: string): Date {
  return new Date(`${dueDate}T23:59:59+07:00`);
}

/** Temporal's summary limit is generous, but the UI shows one line: keep it short. */
export function workflowSummary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The attributes a task's workflow starts with. `leadUnitCode` is omitted when unknown. */
export function taskSearchAttributes(task: {
  status: TaskStatus;
  source: string;
  dueDate: string | null;
  leadUnitCode?: string | null;
}): SearchAttributePair[] {
  return [
    { key: GV_STATUS, value: task.status },
    { key: GV_SOURCE, value: task.source },
    ...(task.dueDate ? [{ key: GV_DUE_DATE, value: dueDateInstant(task.dueDate) }] : []),
    ...(task.leadUnitCode ? [{ key: GV_LEAD_UNIT, value: task.leadUnitCode }] : []),
  ];
}
