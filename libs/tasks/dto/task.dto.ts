import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES, TaskStatus } from '../../domain/task-state';
import { ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import { TIMELINESS_CLASSES, TimelinessClass } from '../../domain/timeliness';
import { TASK_ACTIONS, TaskActionName } from '../detail/task-allowed-actions';
import { CCHC_AREA_KEYS, CchcArea, TASK_PRIORITIES, TaskPriority } from '../task-options';
import { AttachmentDto } from './create-task.dto';

/** Response shapes of the task API (what the task services really return). */

export const ApiTaskStatus = (extra: { nullable?: boolean } = {}) =>
  ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus', ...extra });

export const ApiTimeliness = (extra: { nullable?: boolean; description?: string } = {}) =>
  ApiProperty({ enum: TIMELINESS_CLASSES, enumName: 'TimelinessClass', ...extra });

export class UnitBriefDto {
  @ApiUuid()
  id: string;

  @ApiText({ example: 'SKHDT' })
  code: string;

  @ApiText({ example: 'Sở Kế hoạch và Đầu tư' })
  name: string;
}

export class PendingExtensionDto {
  @ApiDate()
  newDueDate: string;

  @ApiDate({
    required: false,
    description: 'newDueDate moved off a non-working day (Điều 148); absent when the same.',
  })
  newEffectiveDueDate?: string;

  @ApiText()
  reason: string;

  @ApiUuid({ description: 'The user who asked.' })
  requestedBy: string;

  @ApiDateTime()
  requestedAt: string;
}

export class TaskDto {
  @ApiUuid()
  id: string;

  @ApiText({ nullable: true, description: 'Mã nhiệm vụ, unique per assigning unit.' })
  code: string | null;

  @ApiText()
  title: string;

  @ApiText({ nullable: true })
  description: string | null;

  @ApiText({ description: 'Nguồn giao: a key of GET /task-sources.' })
  source: string;

  @ApiText({ nullable: true, description: 'Văn bản giao, canonical số/ký hiệu: "389/KH-UBND".' })
  sourceDocument: string | null;

  @ApiDate({ nullable: true })
  sourceDocumentDate: string | null;

  @ApiUuid()
  assignerId: string;

  @ApiUuid()
  assigningUnitId: string;

  @ApiUuid({ description: 'Đơn vị chủ trì.' })
  leadUnitId: string;

  @ApiUuid({ isArray: true, description: 'Đơn vị phối hợp.' })
  coordinatingUnitIds: string[];

  @ApiUuid({ isArray: true, description: 'Người theo dõi.' })
  watcherIds: string[];

  @ApiUuid({ isArray: true })
  reviewerIds: string[];

  @ApiUuid({ nullable: true })
  assigneeId: string | null;

  @ApiUuid({ nullable: true })
  parentTaskId: string | null;

  @ApiUuid({ nullable: true })
  planId: string | null;

  @ApiProperty({ enum: TASK_PRIORITIES, enumName: 'TaskPriority' })
  priority: TaskPriority;

  @ApiProperty({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea', nullable: true })
  area: CchcArea | null;

  @ApiProperty({ type: [AttachmentDto] })
  attachments: AttachmentDto[];

  @ApiDate({
    nullable: true,
    description: 'Hạn xử lý as written (after approved extensions); null: none.',
  })
  dueDate: string | null;

  @ApiDate({
    nullable: true,
    description:
      'The deadline timeliness counts against: dueDate, moved to the next working day when it ' +
      'falls on a weekend or holiday (Bộ luật Dân sự Điều 148) unless the province turned that off.',
  })
  effectiveDueDate: string | null;

  @ApiDate({ nullable: true, description: 'The due date before the first extension.' })
  originalDueDate: string | null;

  @ApiInt({ minimum: 0 })
  extensionsApproved: number;

  @ApiProperty({ type: PendingExtensionDto, nullable: true })
  pendingExtension: PendingExtensionDto | null;

  @ApiText({ nullable: true, description: 'Giải trình of a late task.' })
  explanation: string | null;

  @ApiTaskStatus()
  status: TaskStatus;

  @ApiInt({ minimum: 0, maximum: 100 })
  progressPercent: number;

  @ApiDateTime()
  assignedAt: string;

  @ApiDateTime({ nullable: true })
  submittedAt: string | null;

  @ApiDateTime({ nullable: true, description: 'When the accepted result was submitted.' })
  completedAt: string | null;

  @ApiDate()
  assignedOn: string;

  @ApiDate({ nullable: true })
  completedOn: string | null;

  @ApiDate({ nullable: true })
  cancelledOn: string | null;

  @ApiText({ example: 'task-0b8a…' })
  workflowId: string;

  @ApiInt({ minimum: 0, description: 'Sequence number of the last history event applied.' })
  version: number;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;

  @ApiProperty({ type: UnitBriefDto })
  leadUnit: UnitBriefDto;

  @ApiProperty({ type: UnitBriefDto })
  assigningUnit: UnitBriefDto;

  @ApiTimeliness({ nullable: true, description: 'As of today; null for a cancelled task.' })
  timeliness: TimelinessClass | null;
}

/** The workflow's own view of the task (a Temporal query), see libs/domain/task-state.ts. */
export class TaskStateDto {
  @ApiUuid()
  taskId: string;

  @ApiTaskStatus()
  status: TaskStatus;

  @ApiUuid()
  leadUnitId: string;

  @ApiInt({ minimum: 0, maximum: 100 })
  progressPercent: number;

  @ApiDate({ nullable: true })
  dueDate: string | null;

  @ApiDate({
    nullable: true,
    required: false,
    description: 'dueDate moved off a non-working day (Điều 148); absent when the same.',
  })
  effectiveDueDate?: string | null;

  @ApiDate({ nullable: true })
  originalDueDate: string | null;

  @ApiInt({ description: 'Bumped whenever the due date changes.' })
  dueVersion: number;

  @ApiInt({ minimum: 0 })
  extensionsApproved: number;

  @ApiProperty({ type: PendingExtensionDto, nullable: true })
  pendingExtension: PendingExtensionDto | null;

  @ApiText({ nullable: true })
  explanation: string | null;

  @ApiDateTime({ nullable: true })
  submittedAt: string | null;

  @ApiDateTime({ nullable: true })
  completedAt: string | null;

  @ApiInt()
  version: number;
}

export class TaskWorkflowDto {
  @ApiText()
  workflowId: string;

  @ApiProperty({
    type: TaskStateDto,
    nullable: true,
    description: 'Null when the workflow cannot be queried (closed long ago, or Temporal is down).',
  })
  state: TaskStateDto | null;
}

export class UserBriefDto {
  @ApiUuid()
  id: string;

  @ApiText({ example: 'Nguyễn Văn An' })
  fullName: string;
}

/** The result the lead unit last submitted (trình kết quả), from its event in the history. */
export class TaskLastResultDto {
  @ApiText({ description: 'Kết quả thực hiện as submitted (or the evidence of a fulfilment).' })
  result: string;

  @ApiText({ nullable: true, description: 'Văn bản kết quả, e.g. "102/KH-SKHDT".' })
  outputDocument: string | null;

  @ApiDateTime()
  submittedAt: string;

  @ApiUuid({ nullable: true })
  submittedBy: string | null;

  @ApiInt({ minimum: 1, description: 'The history event (seq) that carried it.' })
  eventSeq: number;
}

/** GET /tasks/:id and every action's answer: the stored row plus the workflow's state. */
export class TaskDetailDto extends TaskDto {
  @ApiProperty({ type: TaskWorkflowDto })
  workflow: TaskWorkflowDto;

  @ApiProperty({
    enum: TASK_ACTIONS,
    enumName: 'TaskAction',
    isArray: true,
    description:
      'What the caller may do now: allowed by the permission rules and by the state machine ' +
      '(status, pending extension, extension limit, lateness). split is POST /tasks/:id/subtasks.',
  })
  allowedActions: TaskActionName[];

  @ApiProperty({ type: UserBriefDto, description: 'Người giao.' })
  assigner: UserBriefDto;

  @ApiProperty({ type: UserBriefDto, nullable: true, description: 'Người thực hiện, if named.' })
  assignee: UserBriefDto | null;

  @ApiProperty({
    type: TaskLastResultDto,
    nullable: true,
    description: 'Null until a result is submitted; kept after a return for rework.',
  })
  lastResult: TaskLastResultDto | null;
}

export class TaskListPageDto {
  @ApiProperty({ type: [TaskDto] })
  items: TaskDto[];

  @ApiText({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

export class TaskBulkResultDto {
  @ApiProperty({ type: [TaskDto], description: 'In the order of the request.' })
  items: TaskDto[];
}

const countsOf = (keys: readonly string[]) => {
  class Counts {}
  for (const key of keys) {
    ApiInt({ required: false, minimum: 1 })(Counts.prototype, key);
  }
  return Counts;
};

/** Only statuses with tasks appear (absent means 0). */
export class TaskCountsByStatusDto extends countsOf(TASK_STATUSES) {}

/** Only classes with tasks appear (absent means 0); cancelled tasks are not classified. */
export class TaskCountsByTimelinessDto extends countsOf(TIMELINESS_CLASSES) {}

export class TaskCountsDto {
  @ApiInt({ minimum: 0 })
  total: number;

  @ApiProperty({ type: TaskCountsByStatusDto })
  byStatus: Partial<Record<TaskStatus, number>>;

  @ApiProperty({ type: TaskCountsByTimelinessDto })
  byTimeliness: Partial<Record<TimelinessClass, number>>;
}

export class TaskEventDto {
  @ApiText({ description: 'A bigint, as a string.', example: '42' })
  id: string;

  @ApiUuid()
  taskId: string;

  @ApiInt({ minimum: 1, description: '1 is the assignment.' })
  seq: number;

  @ApiText({
    description:
      'assign, accept, reportProgress, submitResult, approve, returnForRework, requestExtension, ' +
      'decideExtension, reassign, recordExplanation, cancel, fulfil…',
  })
  action: string;

  @ApiUuid({ nullable: true })
  actorId: string | null;

  @ApiTaskStatus({ nullable: true })
  fromStatus: TaskStatus | null;

  @ApiTaskStatus()
  toStatus: TaskStatus;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The action's payload (note, percent, reason, newDueDate…).",
  })
  data: Record<string, unknown>;

  @ApiDateTime()
  occurredAt: string;
}
