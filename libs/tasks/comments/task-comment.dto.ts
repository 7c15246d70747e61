import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { TaskFileDto } from '../files/task-file.dto';

/** Longest comment, in characters (the column's bound, like a progress note). */
export const MAX_COMMENT_LENGTH = 5000;

export class CreateTaskCommentDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: 'Nội dung trao đổi' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'body không được chỉ có khoảng trắng' })
  @MaxLength(MAX_COMMENT_LENGTH)
  body: string;
}

export class TaskCommentAuthorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;
}

export class TaskCommentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  taskId: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: TaskCommentAuthorDto })
  author: TaskCommentAuthorDto;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

export const TIMELINE_ENTRY_TYPES = ['event', 'comment', 'file'] as const;

export class TimelineActorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ nullable: true, type: String })
  unitName: string | null;
}

export class TimelineEventDto {
  @ApiProperty({ type: 'integer' })
  seq: number;

  @ApiProperty({ description: 'The workflow action, as in GET /tasks/:id/history' })
  action: string;

  @ApiProperty({ nullable: true, type: String })
  fromStatus: string | null;

  @ApiProperty()
  toStatus: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class TimelineCommentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  body: string;
}

/**
 * One line of a task's timeline: a history event (with the files uploaded for it), a comment, or
 * a file uploaded on its own; oldest first.
 */
export class TimelineEntryDto {
  @ApiProperty({ enum: TIMELINE_ENTRY_TYPES })
  type: (typeof TIMELINE_ENTRY_TYPES)[number];

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;

  @ApiProperty({ type: TimelineActorDto, nullable: true, description: 'null for the system' })
  actor: TimelineActorDto | null;

  @ApiProperty({ type: TimelineEventDto, nullable: true, description: 'set when type = event' })
  event: TimelineEventDto | null;

  @ApiProperty({ type: TimelineCommentDto, nullable: true, description: 'set when type = comment' })
  comment: TimelineCommentDto | null;

  @ApiProperty({
    type: TaskFileDto,
    isArray: true,
    description: 'type = event: the files uploaded for it; type = file: the one file',
  })
  files: TaskFileDto[];
}
