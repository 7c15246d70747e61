import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { In, Repository } from 'typeorm';
import type { taskLifecycle } from '../../workflows/task/task-lifecycle.workflow';
import {
  TaskLifecycleInput,
  taskPersistedUpdate,
  taskUpdates,
  taskWorkflowId,
} from '../../workflows/task/task.messages';
import type { LiveSettings } from '../../workflows/task/task.messages';
import { taskSearchAttributes, workflowSummary } from '../../workflows/task/task.search-attributes';
import { Actor } from '../auth/actor';
import { CalendarService } from '../calendar/calendar.service';
import {
  conflict,
  DomainException,
  ErrorDetail,
  fieldError,
  forbidden,
  isProductCode,
  notFound,
} from '../common/domain.exception';
import { tryParseDocumentSymbol } from '../documents/document-symbol';
import { vnDateOf } from '../domain/dates';
import { newTaskRecord } from '../domain/task-record';
import {
  checkTransition,
  isTerminal,
  TaskAction,
  TaskActionType,
  TaskState,
  TransitionRejected,
} from '../domain/task-state';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { AssignmentValidationService, LeadUnit } from './assignment-validation.service';
import { TaskDetailService } from './detail/task-detail.service';
import { presentTask } from './detail/task-presenter';
import { CreateTaskDto } from './dto/create-task.dto';
import { TaskAccessService } from './task-access.service';
import { codedTaskId } from './task-ids';
import { maySplit, mayPerform } from './task-permissions';
import { LiveSettingsService } from './settings/live-settings.service';
import { TaskSettingsService } from './task-settings.service';
import { Task } from './task.entity';
import { DeadlineService } from '../calendar/deadline.service';
import type { WorkingCalendar } from '../calendar/working-calendar';

export interface AssignOptions {
  /** Splitting: the lead unit must lie under the parent's lead unit. */
  parent?: Task;
  planId?: string | null;
  /** Imported history: when it was assigned, and when it was completed (if it was). */
  imported?: {
    assignedAt: string;
    completedAt: string | null;
    result: string | null;
    parentTaskId: string | null;
  };
  /**
   * The task's id when the caller derives it (a plan's obligation: from the plan and the unit;
   * a task with a code gets `codedTaskId` without asking), so the workflow id is deterministic
   * and a duplicate start is refused by Temporal.
   */
  taskId?: string;
}

type ActionPayload<T extends TaskActionType> = Omit<
  Extract<TaskAction, { type: T }>,
  'type' | 'actorId'
>;

/** Workflow starts in flight at once for a bulk assignment. */
const BULK_START_CONCURRENCY = 32;

/**
 * Changing tasks: assignments (one, many, a split) and lifecycle actions, each through the task's
 * workflow (docs/domain.md §3); the answer is the task's detail once the workflow has stored it.
 */
@Injectable()
export class TaskCommandsService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly temporalSettings: TemporalSettings,
    private readonly settings: TaskSettingsService,
    private readonly liveSettings: LiveSettingsService,
    private readonly calendar: CalendarService,
    private readonly deadlines: DeadlineService,
    private readonly access: TaskAccessService,
    private readonly validation: AssignmentValidationService,
    private readonly detail: TaskDetailService,
  ) {}

  /** Validates, starts the task's workflow and returns once its activity has stored the task. */
  async assign(actor: Actor, dto: CreateTaskDto, options: AssignOptions = {}) {
    const leadUnit = await this.validation.validateAssignment(actor, dto, options.parent);
    const input = await this.workflowInput(actor, dto, leadUnit, options);
    await this.claimCodes(actor.unitId, [input]);
    const state = await this.startStored(input).catch((error) => this.failedStart([input], error));
    await this.catchUpSettings([input]);
    const { task, scope } = await this.access.open(actor, input.task.id);
    return this.detail.detail(actor, task, scope, state);
  }

  /** One round trip: starts the workflow and waits until its activity has stored the row. */
  private startStored(input: TaskLifecycleInput): Promise<TaskState> {
    return this.temporal.workflow.executeUpdateWithStart(taskPersistedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof taskLifecycle>(
        'taskLifecycle',
        this.startOptions(input),
      ),
    });
  }

  /**
   * Claims the codes of these tasks for the assigning unit, all or none, before any workflow
   * starts: of parallel requests with one code exactly one gets it, the others a 409 at once.
   */
  private async claimCodes(
    unitId: string,
    inputs: TaskLifecycleInput[],
    fieldOf: (index: number) => string = () => 'code',
  ): Promise<void> {
    const coded = inputs.filter((i) => i.task.code);
    if (coded.length === 0) return;
    await this.tasks.manager.transaction(async (em) => {
      const claimed: { code: string }[] = await em.query(
        `INSERT INTO task_codes (assigning_unit_id, code, task_id)
         SELECT $1, c, t FROM unnest($2::varchar[], $3::uuid[]) AS x(c, t)
         ON CONFLICT DO NOTHING RETURNING code`,
        [unitId, coded.map((i) => i.task.code), coded.map((i) => i.task.id)],
      );
      if (claimed.length === coded.length) return;
      const got = new Set(claimed.map((c) => c.code));
      const taken = inputs.flatMap(({ task: { code } }, i) =>
        code && !got.has(code) ? [{ code, index: i }] : [],
      );
      // Throwing rolls back this request's claims: nothing was assigned.
      throw conflict(
        'TASK_CODE_TAKEN',
        `Nothing was assigned: your unit already has a task with code ${taken.map((t) => t.code).join(', ')}`,
        taken.map((t) => fieldError(fieldOf(t.index), 'unique', `code ${t.code} is already used`)),
      );
    });
  }

  /**
   * A start that did not store its task gives its code back (unless the row exists after all),
   * and a workflow id already taken is the code's conflict, not an internal error.
   */
  private async failedStart(inputs: TaskLifecycleInput[], error: unknown): Promise<never> {
    await this.tasks.query(
      `DELETE FROM task_codes c WHERE c.task_id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = c.task_id)`,
      [inputs.map((i) => i.task.id)],
    );
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw conflict('TASK_ALREADY_STARTED', 'This task has already been assigned');
    }
    if (error instanceof WorkflowUpdateFailedError && !isWorkflowRejection(error)) {
      // The run ended before answering (its assignment was refused in its first workflow
      // task): its failure says why.
      const failure = await this.temporal.workflow
        .getHandle(taskWorkflowId(inputs[0].task.id))
        .result()
        .then(
          () => undefined,
          (failed: { cause?: unknown }) => failed.cause,
        );
      if (failure instanceof ApplicationFailure) {
        throw new WorkflowUpdateFailedError(failure.message, failure);
      }
    }
    throw error;
  }

  /**
   * Assigns many tasks at once: all are checked first (errors name `tasks.<i>.<field>`), nothing
   * starts unless every one is valid; then the workflows start, a bounded number at a time, and
   * the call returns once every workflow has stored its row.
   */
  async assignMany(actor: Actor, dtos: CreateTaskDto[]) {
    const details: ErrorDetail[] = [];
    const statuses = new Set<HttpStatus>();
    const leadUnits: LeadUnit[] = [];
    const codes = new Set<string>();
    for (const [i, dto] of dtos.entries()) {
      try {
        if (dto.code && codes.has(dto.code)) {
          throw conflict('TASK_CODE_TAKEN', `Code ${dto.code} appears twice in this request`);
        }
        if (dto.code) codes.add(dto.code);
        leadUnits[i] = await this.validation.validateAssignment(actor, dto);
      } catch (error) {
        if (!(error instanceof DomainException)) throw error;
        statuses.add(error.status);
        const own = error.details.length
          ? error.details
          : [fieldError('', error.code, error.message)];
        details.push(
          ...own.map((d) => ({ ...d, field: `tasks.${i}${d.field ? `.${d.field}` : ''}` })),
        );
      }
    }
    if (details.length > 0) {
      // One answer for the whole request: invalid input first, then scope, then conflicts.
      const [status, code] = statuses.has(HttpStatus.BAD_REQUEST)
        ? [HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED']
        : statuses.has(HttpStatus.FORBIDDEN)
          ? [HttpStatus.FORBIDDEN, 'OUTSIDE_SCOPE']
          : [HttpStatus.CONFLICT, 'TASK_CODE_TAKEN'];
      throw new DomainException(
        status,
        code,
        `Nothing was assigned: ${[...new Set(details.map((d) => d.field))].join(', ')}`,
        details,
      );
    }
    const live = await this.settings.live();
    const unitCodes = await this.unitCodes(leadUnits.map((u) => u.id));
    const calendar = await this.calendar.calendar();
    const inputs = await Promise.all(
      dtos.map((dto, i) =>
        this.workflowInput(actor, dto, leadUnits[i], {}, { live, codes: unitCodes, calendar }),
      ),
    );
    await this.claimCodes(actor.unitId, inputs, (i) => `tasks.${i}.code`);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(BULK_START_CONCURRENCY, inputs.length) }, async () => {
        while (next < inputs.length) {
          const input = inputs[next++];
          await this.startStored(input).catch((error) => this.failedStart([input], error));
        }
      }),
    );
    await this.catchUpSettings(inputs);
    const ids = inputs.map((input) => input.task.id);
    const rows = await this.tasks.find({
      where: { id: In(ids) },
      relations: { leadUnit: true, assigningUnit: true },
    });
    const byId = new Map(rows.map((t) => [t.id, t]));
    return { items: ids.map((id) => presentTask(byId.get(id)!)) };
  }

  private startOptions(input: TaskLifecycleInput) {
    return {
      taskQueue: this.temporalSettings.taskQueue,
      workflowId: taskWorkflowId(input.task.id),
      workflowIdConflictPolicy: 'FAIL' as const,
      // A run that failed (its assignment was refused) may be retried; a stored task may not.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' as const,
      // Findable in the Temporal UI (workflows/task/task.search-attributes.ts).
      typedSearchAttributes: taskSearchAttributes({
        status: input.task.completedAt ? 'completed' : 'assigned',
        source: input.task.source,
        dueDate: input.task.dueDate,
        leadUnitCode: input.leadUnitCode,
      }),
      staticSummary: workflowSummary(input.task.title),
      args: [input] as [TaskLifecycleInput],
    };
  }

  /** A settings change saved while these started may have missed them: tell them now. */
  private catchUpSettings(inputs: TaskLifecycleInput[]): Promise<void> {
    return this.liveSettings.catchUp(
      inputs.map((i) => ({
        workflowId: taskWorkflowId(i.task.id),
        version: i.settings.version ?? 0,
      })),
    );
  }

  private async unitCodes(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; code: string | null }[] = await this.tasks.query(
      `SELECT id, code FROM units WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.flatMap((r) => (r.code ? [[r.id, r.code] as const] : [])));
  }

  private async workflowInput(
    actor: Actor,
    dto: CreateTaskDto,
    leadUnit: LeadUnit,
    { parent, planId = null, imported, taskId }: AssignOptions = {},
    shared: { live?: LiveSettings; codes?: Map<string, string>; calendar?: WorkingCalendar } = {},
  ): Promise<TaskLifecycleInput> {
    const { live, codes } = shared;
    const calendar = shared.calendar ?? (await this.calendar.calendar());
    const task = newTaskRecord(
      {
        ...dto,
        sourceDocument: dto.sourceDocument
          ? tryParseDocumentSymbol(dto.sourceDocument)!.canonical
          : null,
        leadUnitId: leadUnit.id,
        reviewerIds: [],
        parentTaskId: parent?.id ?? imported?.parentTaskId ?? null,
      },
      {
        id: taskId ?? (dto.code ? codedTaskId(actor.unitId, dto.code) : crypto.randomUUID()),
        assignerId: actor.id,
        assigningUnitId: actor.unitId,
        assignedAt: imported ? new Date(imported.assignedAt) : new Date(),
        planId,
        imported: imported && { completedAt: imported.completedAt, result: imported.result },
        calendar,
        effectiveOf: this.deadlines.resolverFor(calendar),
      },
    );
    const leadUnitCode = (codes ?? (await this.unitCodes([leadUnit.id]))).get(leadUnit.id);
    return {
      task,
      settings: await this.settings.current(dto.reminderDaysBefore, live),
      ...(leadUnitCode && { leadUnitCode }),
    };
  }

  /** A sub-task of `parentId`, assigned by the parent's lead unit to a unit of its subtree. */
  async split(actor: Actor, parentId: string, dto: CreateTaskDto) {
    const { task: parent, scope } = await this.access.open(actor, parentId);
    if (!maySplit(actor, scope)) {
      throw forbidden('ACTION_NOT_ALLOWED', "Only the lead unit's managers split a task");
    }
    if (isTerminal(parent.status)) {
      throw conflict('TASK_CLOSED', 'A completed or cancelled task cannot be split');
    }
    return this.assign(actor, dto, { parent });
  }

  /**
   * Runs one lifecycle action through the workflow; the row is updated when this returns. The
   * task is loaded and its scope computed once: the answer is that row as the transition's
   * activity left it (a reassignment's scope has the new lead unit's path).
   */
  async perform<T extends TaskActionType>(
    actor: Actor,
    id: string,
    action: T,
    payload: ActionPayload<T>,
  ) {
    const { task, scope } = await this.access.open(actor, id);
    if (!mayPerform(actor, action, scope)) {
      throw forbidden('ACTION_NOT_ALLOWED', `You may not ${action} this task`);
    }
    if (action === 'reassign') {
      const unit = await this.validation.checkReassignTarget(
        actor,
        (payload as unknown as { leadUnitId: string }).leadUnitId,
      );
      // Labels the workflow for search (GvLeadUnit); the workflow does not record it.
      if (unit.code) payload = { ...payload, leadUnitCode: unit.code };
    }
    if (action === 'requestExtension') {
      // The workflow cannot read the calendar: the requested date's deadline goes with it.
      const { newDueDate } = payload as unknown as { newDueDate: string };
      const newEffectiveDueDate = await this.deadlines.effectiveOf(newDueDate);
      if (newEffectiveDueDate !== newDueDate) payload = { ...payload, newEffectiveDueDate };
    }
    // A finished task's workflow has closed: answer from the projection with the workflow's codes.
    if (isTerminal(task.status)) throw closedTaskConflict(task.status, action);
    const update = taskUpdates[action] as typeof taskUpdates.accept;
    let state: TaskState;
    try {
      state = await this.temporal.workflow
        .getHandle(task.workflowId)
        .executeUpdate(update, { args: [{ ...payload, actorId: actor.id }] });
    } catch (error) {
      if (isWorkflowRejection(error)) throw error;
      // The workflow closed while this update waited its turn (a parallel approve or cancel):
      // answer as if the task had been closed before, never with Temporal's own codes.
      const now = await this.tasks.findOneBy({ id });
      if (now && isTerminal(now.status)) throw closedTaskConflict(now.status, action);
      if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
        throw conflict('TASK_BUSY', 'The task changed while this action waited; try again');
      }
      throw error;
    }
    // The answer is the row as stored by the transition's activity (written before the update
    // returned), with its scope: one read, not a copy of the activity's writes.
    const now = await this.access.open(actor, id);
    return this.detail.detail(actor, now.task, now.scope, state);
  }

  /** Completes an open task from a fact the system observed (no permission check: internal). */
  async fulfil(taskId: string, actorId: string, evidence: string): Promise<TaskState> {
    const [task] = await this.tasks.query('SELECT workflow_id FROM tasks WHERE id = $1', [taskId]);
    if (!task) throw notFound('Task', taskId);
    return this.temporal.workflow
      .getHandle(task.workflow_id)
      .executeUpdate(taskUpdates.fulfil, { args: [{ actorId, evidence }] });
  }
}

/** The 409 for an action on a completed or cancelled task, with the workflow's own codes. */
function closedTaskConflict(status: TaskState['status'], action: TaskActionType): DomainException {
  try {
    checkTransition({ status } as TaskState, { type: action } as TaskAction, {
      today: vnDateOf(new Date()),
      rules: { maxExtensions: 0, extensionOnlyBeforeDue: true },
    });
  } catch (error) {
    const rejected = error as TransitionRejected;
    return conflict(rejected.code, rejected.message);
  }
  return conflict('TASK_INVALID_TRANSITION', `The task is ${status}`);
}

/** A rejection the workflow itself made (a stable code), as opposed to Temporal's own errors. */
function isWorkflowRejection(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    isProductCode(error.cause.type)
  );
}
