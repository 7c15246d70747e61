import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Actor } from '../../auth/actor';
import { vnDateOf } from '../../domain/dates';
import { dateAt, REAL_DAY_MS } from '../../domain/task-clock';
import { TaskState, TransitionContext } from '../../domain/task-state';
import { User } from '../../organization/user.entity';
import { TaskEvent } from '../task-event.entity';
import { TaskScope } from '../task-permissions';
import { TaskSettingsService } from '../task-settings.service';
import { Task } from '../task.entity';
import { allowedTaskActions } from './task-allowed-actions';
import { presentTask, stateOfRow } from './task-presenter';

/** The detail answer of a task (GET /tasks/:id and every action's). */
@Injectable()
export class TaskDetailService {
  constructor(
    @InjectRepository(TaskEvent) private readonly events: Repository<TaskEvent>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly settings: TaskSettingsService,
  ) {}

  /**
   * The row, the workflow's state, what the caller may do now (from the task's `scope`, computed
   * once by TaskAccessService), the people's names and the last submitted result.
   */
  async detail(actor: Actor, task: Task, scope: TaskScope, state: TaskState | null) {
    const [people, lastResult] = await Promise.all([
      this.peopleOf(task),
      this.lastResultOf(task.id),
    ]);
    return {
      ...presentTask(task),
      workflow: { workflowId: task.workflowId, state },
      // The workflow's own state when it answers; the projection (same fields) when it is closed.
      allowedActions: allowedTaskActions(
        actor,
        scope,
        state ?? stateOfRow(task),
        this.transitionContext(task),
      ),
      ...people,
      lastResult,
    };
  }

  /** The workflow's transition context: today on the task's clock, the configured rules. */
  private transitionContext(task: Task): TransitionContext {
    const settings = this.settings.forTask([]);
    const clock = {
      dayMs: settings.dayMs || REAL_DAY_MS,
      originMs: task.assignedAt.getTime(),
      originDate: vnDateOf(task.assignedAt),
    };
    return { today: dateAt(clock, Date.now()), rules: settings.rules };
  }

  private async peopleOf(task: Task) {
    const ids = [task.assignerId, task.assigneeId].filter((id): id is string => !!id);
    const users = await this.users.find({
      where: { id: In(ids) },
      select: { id: true, fullName: true },
    });
    const brief = (id: string | null) => {
      const user = id ? users.find((u) => u.id === id) : undefined;
      return user ? { id: user.id, fullName: user.fullName } : null;
    };
    return {
      assigner: brief(task.assignerId) ?? { id: task.assignerId, fullName: '' },
      assignee: brief(task.assigneeId),
    };
  }

  /** The latest submitted result: a submitResult event, a fulfilment, or an imported result. */
  private async lastResultOf(taskId: string) {
    const [row]: {
      seq: number;
      action: string;
      actorId: string | null;
      data: Record<string, unknown>;
      occurredAt: Date;
    }[] = await this.events.query(
      `SELECT seq, action, actor_id AS "actorId", data, occurred_at AS "occurredAt"
       FROM task_events
       WHERE task_id = $1 AND (action IN ('submitResult', 'fulfil')
         OR (action = 'assign' AND data ? 'result' AND data->>'result' IS NOT NULL))
       ORDER BY seq DESC LIMIT 1`,
      [taskId],
    );
    if (!row) return null;
    const text = (key: string) => (typeof row.data[key] === 'string' ? row.data[key] : null);
    return {
      result: text(row.action === 'fulfil' ? 'evidence' : 'result') ?? '',
      outputDocument: text('outputDocument'),
      submittedAt: row.occurredAt.toISOString(),
      submittedBy: row.actorId,
      eventSeq: row.seq,
    };
  }
}
