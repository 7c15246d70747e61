import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { TASK_STATUSES, TaskStatus } from '../../../workflows/task/task-state';
import { TIMELINESS_CLASSES, TimelinessClass } from '../domain/timeliness';
import { IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsCalendarDate, IsQueryBoolean } from '../../common/validation.decorators';

export const MY_ROLES = ['lead', 'coordinating', 'watcher', 'assigner', 'assignee'] as const;
export type MyRole = (typeof MY_ROLES)[number];
export const TASK_SORTS = ['assignedAt', 'dueDate'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Filters shared by the list and the dashboard counts. */
export class TaskFilterDto {
  /** Tasks led by this unit or any unit below it. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** The caller's own relation to the task. */
  @IsOptional()
  @IsIn(MY_ROLES)
  myRole?: MyRole;

  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @IsOptional()
  @IsIn(TIMELINESS_CLASSES)
  timeliness?: TimelinessClass;

  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;

  @IsOptional()
  @Matches(/^[a-z_]{2,40}$/)
  source?: string;

  @IsOptional()
  @IsUUID()
  parentTaskId?: string;

  /** Items of this plan. */
  @IsOptional()
  @IsUUID()
  planId?: string;

  /** Words in the title (a substring, ignoring case and diacritics: "bao cao" finds "báo cáo"). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsQueryBoolean()
  overdueOnly?: boolean;
}

class TaskSortDto {
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort: TaskSort = 'assignedAt';
}

export class ListTasksDto extends IntersectionType(TaskFilterDto, TaskSortDto, PageQueryDto) {}
