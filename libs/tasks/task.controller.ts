import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateTaskDto, CreateTasksDto } from './dto/create-task.dto';
import { ListTasksDto, TaskFilterDto } from './dto/list-tasks.dto';
import {
  DecideExtensionDto,
  ExplanationDto,
  NoteDto,
  ReasonDto,
  ReassignDto,
  ReportProgressDto,
  RequestExtensionDto,
  SubmitResultDto,
} from './dto/task-action.dto';
import {
  TaskBulkResultDto,
  TaskCountsDto,
  TaskDetailDto,
  TaskEventDto,
  TaskListPageDto,
} from './dto/task.dto';
import { TaskReminderDto } from './reminders/task-reminder.dto';
import { TaskRemindersService } from './reminders/task-reminders.service';
import { TaskCommandsService } from './task-commands.service';
import { TaskQueryService } from './task-query.service';

const TaskId = () => Param('id', ParseUUIDPipe);

@ApiTags('Nhiệm vụ')
@ApiBearerAuth()
@Controller('tasks')
export class TaskController {
  constructor(
    private readonly tasks: TaskCommandsService,
    private readonly queries: TaskQueryService,
    private readonly reminders: TaskRemindersService,
  ) {}

  @Roles('leader', 'unit_manager')
  @Post()
  @ApiOperation({ summary: 'Giao nhiệm vụ' })
  @ApiCreatedResponse({ type: TaskDetailDto })
  assign(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto) {
    return this.tasks.assign(actor, dto);
  }

  /** Assigns up to 500 tasks in one call: every one is checked before any starts. */
  @Roles('leader', 'unit_manager')
  @Post('bulk')
  @ApiOperation({ summary: 'Giao nhiều nhiệm vụ (all or nothing)' })
  @ApiCreatedResponse({ type: TaskBulkResultDto })
  assignMany(@CurrentActor() actor: Actor, @Body() dto: CreateTasksDto) {
    return this.tasks.assignMany(actor, dto.tasks);
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách nhiệm vụ (keyset pages)' })
  @ApiOkResponse({ type: TaskListPageDto })
  list(@CurrentActor() actor: Actor, @Query() filter: ListTasksDto) {
    return this.queries.list(actor, filter);
  }

  /** Counts by status and timeliness class for a dashboard, under the list's filters. */
  @Get('counts')
  @ApiOkResponse({ type: TaskCountsDto })
  counts(@CurrentActor() actor: Actor, @Query() filter: TaskFilterDto) {
    return this.queries.counts(actor, filter);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Chi tiết nhiệm vụ, with the workflow state' })
  @ApiOkResponse({ type: TaskDetailDto })
  get(@CurrentActor() actor: Actor, @TaskId() id: string) {
    return this.queries.get(actor, id);
  }

  @Get(':id/reminders')
  @ApiOperation({
    operationId: 'listTaskReminders',
    summary: 'Nhắc hạn đã gửi (trước hạn, đúng hạn, quá hạn), cũ trước',
  })
  @ApiOkResponse({ type: [TaskReminderDto] })
  listReminders(@CurrentActor() actor: Actor, @TaskId() id: string): Promise<TaskReminderDto[]> {
    return this.reminders.list(actor, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [TaskEventDto] })
  history(@CurrentActor() actor: Actor, @TaskId() id: string) {
    return this.queries.history(actor, id);
  }

  /** Splits the task into a sub-task for a unit of the lead unit's subtree. */
  @Roles('unit_manager')
  @Post(':id/subtasks')
  @ApiCreatedResponse({ type: TaskDetailDto })
  split(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: CreateTaskDto) {
    return this.tasks.split(actor, id, dto);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  accept(@CurrentActor() actor: Actor, @TaskId() id: string) {
    return this.tasks.perform(actor, id, 'accept', {});
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  reportProgress(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @Body() dto: ReportProgressDto,
  ) {
    return this.tasks.perform(actor, id, 'reportProgress', { ...dto });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  submit(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: SubmitResultDto) {
    return this.tasks.perform(actor, id, 'submitResult', { ...dto });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  approve(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: NoteDto) {
    return this.tasks.perform(actor, id, 'approve', { ...dto });
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  returnForRework(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: ReasonDto) {
    return this.tasks.perform(actor, id, 'returnForRework', { ...dto });
  }

  @Post(':id/extension-requests')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  requestExtension(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @Body() dto: RequestExtensionDto,
  ) {
    return this.tasks.perform(actor, id, 'requestExtension', { ...dto });
  }

  @Post(':id/extension-decision')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  decideExtension(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @Body() dto: DecideExtensionDto,
  ) {
    return this.tasks.perform(actor, id, 'decideExtension', { ...dto });
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  reassign(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: ReassignDto) {
    return this.tasks.perform(actor, id, 'reassign', { ...dto });
  }

  @Post(':id/explanation')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  explain(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: ExplanationDto) {
    return this.tasks.perform(actor, id, 'recordExplanation', { ...dto });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailDto })
  cancel(@CurrentActor() actor: Actor, @TaskId() id: string, @Body() dto: ReasonDto) {
    return this.tasks.perform(actor, id, 'cancel', { ...dto });
  }
}
