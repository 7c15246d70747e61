import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/domain.exception';
import { Unit } from '../organization/unit.entity';
import { canViewTask, TaskScope } from './task-permissions';
import { Task } from './task.entity';

/** A task the actor may open, with what the permission rules know about it. */
export interface OpenedTask {
  task: Task;
  scope: TaskScope;
}

/**
 * Who may open a task (docs/domain.md: everyone concerned sees a task): one load and one scope per
 * request, which the commands, the queries, files, comments and reminders share.
 */
@Injectable()
export class TaskAccessService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
  ) {}

  /**
   * The task (with its lead and assigning units) and its scope if the actor may open it: 404 for
   * an unknown id, 403 outside the actor's view (the answers of GET /tasks/:id).
   */
  async open(actor: Actor, id: string): Promise<OpenedTask> {
    const task = await this.tasks.findOne({
      where: { id },
      relations: { leadUnit: true, assigningUnit: true },
    });
    if (!task) throw notFound('Task', id);
    const scope = await this.scopeOf(task);
    if (!canViewTask(actor, scope)) {
      throw forbidden('OUTSIDE_SCOPE', 'This task belongs to another unit');
    }
    return { task, scope };
  }

  /** `open` for callers that need only the row (files, comments, reminders). */
  async loadVisible(actor: Actor, id: string): Promise<Task> {
    return (await this.open(actor, id)).task;
  }

  /** The permission rules' view of a task loaded with its lead and assigning units. */
  async scopeOf(task: Task): Promise<TaskScope> {
    const coordinating = task.coordinatingUnitIds.length
      ? await this.units.find({
          where: { id: In(task.coordinatingUnitIds) },
          select: { path: true },
        })
      : [];
    return {
      assignerId: task.assignerId,
      assigneeId: task.assigneeId,
      watcherIds: task.watcherIds,
      reviewerIds: task.reviewerIds,
      assigningUnitPath: task.assigningUnit!.path,
      leadUnitPath: task.leadUnit!.path,
      coordinatingUnitPaths: coordinating.map((u) => u.path),
    };
  }
}
