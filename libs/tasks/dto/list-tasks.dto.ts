import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { TASK_STATUSES, TaskStatus } from '../../domain/task-state';
import { TIMELINESS_CLASSES, TimelinessClass } from '../../domain/timeliness';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsCalendarDate, IsQueryBoolean } from '../../common/validation.decorators';

/**
 * `approver`: the tasks awaiting the caller's decision, i.e. those it may approve or return (the
 * assigner, reviewers, the assigning unit's leaders, the province's leaders).
 */
export const MY_ROLES = [
  'lead',
  'coordinating',
  'watcher',
  'assigner',
  'assignee',
  'approver',
] as const;
export type MyRole = (typeof MY_ROLES)[number];
export const TASK_SORTS = ['assignedAt', 'dueDate'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Filters shared by the list and the dashboard counts. */
export class TaskFilterDto {
  /** Tasks led by this unit or any unit below it. */
  @ApiPropertyOptional({ format: 'uuid', description: 'Tasks led by this unit or any below it.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** The caller's own relation to the task. */
  @ApiPropertyOptional({
    enum: MY_ROLES,
    enumName: 'MyTaskRole',
    description:
      "The caller's own relation to the task; `approver`: the tasks the caller may approve or return.",
  })
  @IsOptional()
  @IsIn(MY_ROLES)
  myRole?: MyRole;

  @ApiPropertyOptional({ enum: TASK_STATUSES, enumName: 'TaskStatus' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TIMELINESS_CLASSES, enumName: 'TimelinessClass' })
  @IsOptional()
  @IsIn(TIMELINESS_CLASSES)
  timeliness?: TimelinessClass;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;

  @ApiPropertyOptional({ pattern: '^[a-z_]{2,40}$', description: 'A key of GET /task-sources.' })
  @IsOptional()
  @Matches(/^[a-z_]{2,40}$/)
  source?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentTaskId?: string;

  /** Items of this plan. */
  @ApiPropertyOptional({ format: 'uuid', description: 'Items of this plan.' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  /**
   * Words in the title, the task code or the source document's number and symbol (a substring,
   * ignoring case, diacritics and punctuation: "bao cao" finds "báo cáo", "389 kh ubnd" finds
   * "389/KH-UBND").
   */
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Words in the title, the task code or the source document symbol, ignoring case, diacritics and punctuation ("bao cao" finds "báo cáo", "389 kh ubnd" finds "389/KH-UBND").',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsQueryBoolean()
  overdueOnly?: boolean;
}

export class TaskSortDto {
  @ApiPropertyOptional({ enum: TASK_SORTS, enumName: 'TaskSort', default: 'assignedAt' })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort: TaskSort = 'assignedAt';
}

export class ListTasksDto extends IntersectionType(TaskFilterDto, TaskSortDto, PageQueryDto) {}

/** The list's filters and order without paging (the spreadsheet export). */
export class TaskSelectionDto extends IntersectionType(TaskFilterDto, TaskSortDto) {}
