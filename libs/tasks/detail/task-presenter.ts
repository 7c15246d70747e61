import { vnDateOf } from '../../domain/dates';
import type { TaskState } from '../../domain/task-state';
import { classifyTimeliness } from '../../domain/timeliness';
import type { Unit } from '../../organization/unit.entity';
import type { Task } from '../task.entity';

/** A task row as the API answers it: its units as briefs, and its timeliness class today. */
export function presentTask(task: Task) {
  const { leadUnit, assigningUnit, ...rest } = task;
  const brief = (u?: Unit) => u && { id: u.id, code: u.code, name: u.name };
  return {
    ...rest,
    leadUnit: brief(leadUnit),
    assigningUnit: brief(assigningUnit),
    timeliness:
      task.status === 'cancelled'
        ? null
        : classifyTimeliness(
            {
              dueDate: task.effectiveDueDate,
              completedOn: task.completedAt ? vnDateOf(task.completedAt) : null,
            },
            vnDateOf(new Date()),
          ),
  };
}

/** The state machine's view of a task whose workflow cannot be asked: its projection. */
export function stateOfRow(task: Task): TaskState {
  return {
    taskId: task.id,
    status: task.status,
    leadUnitId: task.leadUnitId,
    progressPercent: task.progressPercent,
    dueDate: task.dueDate,
    ...(task.effectiveDueDate !== task.dueDate && { effectiveDueDate: task.effectiveDueDate }),
    originalDueDate: task.originalDueDate,
    dueVersion: 0,
    extensionsApproved: task.extensionsApproved,
    pendingExtension: task.pendingExtension,
    explanation: task.explanation,
    submittedAt: task.submittedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    version: task.version,
  };
}
