import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { CreateTaskCommentDto, TaskCommentDto, TimelineEntryDto } from './task-comment.dto';
import { TaskCommentsService } from './task-comments.service';

const TaskId = () => Param('id', ParseUUIDPipe);

/** The comment thread (trao đổi) of a task, and its timeline of events, comments and files. */
@ApiTags('task-comments')
@ApiBearerAuth()
@Controller('tasks')
export class TaskCommentsController {
  constructor(private readonly comments: TaskCommentsService) {}

  @Post(':id/comments')
  @ApiOperation({
    operationId: 'createTaskComment',
    summary: 'Trao đổi về nhiệm vụ (ai mở được nhiệm vụ đều trao đổi được, cả khi đã kết thúc)',
  })
  @ApiCreatedResponse({ type: TaskCommentDto })
  create(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @Body() dto: CreateTaskCommentDto,
  ): Promise<TaskCommentDto> {
    return this.comments.create(actor, id, dto.body);
  }

  @Get(':id/comments')
  @ApiOperation({ operationId: 'listTaskComments', summary: 'Các ý kiến trao đổi, cũ trước' })
  @ApiOkResponse({ type: TaskCommentDto, isArray: true })
  list(@CurrentActor() actor: Actor, @TaskId() id: string): Promise<TaskCommentDto[]> {
    return this.comments.list(actor, id);
  }

  @Get(':id/timeline')
  @ApiOperation({
    operationId: 'getTaskTimeline',
    summary: 'Diễn biến nhiệm vụ: lịch sử xử lý, trao đổi và tệp, theo thời gian',
  })
  @ApiOkResponse({ type: TimelineEntryDto, isArray: true })
  timeline(@CurrentActor() actor: Actor, @TaskId() id: string): Promise<TimelineEntryDto[]> {
    return this.comments.timeline(actor, id);
  }
}
