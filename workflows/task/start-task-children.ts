/**
 * Starts task workflows as children that outlive their parent (a plan, a recurrence run): the one
 * way a workflow hands new tasks to their own lifecycles. A task whose workflow already runs — a
 * retried batch, a repeated issue, a run caught up after an outage — is left as it is.
 * Patch `search-attributes` (issue 12): the tasks start labelled for search with their title as
 * the summary.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import type { NewTaskRecord } from './task.contract';
import type { TaskWorkflowSettings } from './task.messages';
import { taskWorkflowId } from './task.messages';
import { taskSearchAttributes, workflowSummary } from './task.search-attributes';

export function startTaskChildren(
  tasks: NewTaskRecord[],
  settings: TaskWorkflowSettings,
): Promise<void[]> {
  return Promise.all(
    tasks.map((task) =>
      startChild('taskLifecycle', {
        workflowId: taskWorkflowId(task.id),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(patched('search-attributes') && {
          typedSearchAttributes: taskSearchAttributes({ ...task, status: 'assigned' }),
          staticSummary: workflowSummary(task.title),
        }),
        args: [{ task, settings }],
      }).then(
        () => undefined,
        (error) => {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        },
      ),
    ),
  );
}
