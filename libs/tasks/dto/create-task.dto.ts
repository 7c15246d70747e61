import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CCHC_AREA_KEYS, CchcArea, TASK_PRIORITIES, TaskPriority } from '../task-options';
import { IsCalendarDate } from '../../common/validation.decorators';

export class AttachmentDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url: string;
}

export class CreateTaskDto {
  /** Mã nhiệm vụ, unique per assigning unit. */
  @IsOptional()
  @Matches(/^[\p{L}\p{N}._/-]{1,64}$/u, {
    message: 'code must be 1–64 letters, digits, ".", "_", "/" or "-"',
  })
  code?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  /** Nguồn giao: a key of GET /task-sources. */
  @IsString()
  @Matches(/^[a-z_]{2,40}$/, { message: 'source must be a key of /task-sources' })
  source: string;

  /** Văn bản giao, số/ký hiệu per Nghị định 30/2020, e.g. "389/KH-UBND". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceDocument?: string;

  @IsOptional()
  @IsCalendarDate()
  sourceDocumentDate?: string;

  /** Đơn vị chủ trì. */
  @IsUUID()
  leadUnitId: string;

  /** Đơn vị phối hợp. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coordinatingUnitIds?: string[];

  /** Người theo dõi. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  watcherIds?: string[];

  /** Optional person in the lead unit who does the work. */
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  /** Hạn xử lý, a calendar date (Asia/Ho_Chi_Minh); omit both this and dueInWorkingDays for no deadline. */
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  /** Alternative to dueDate: N working days from today (weekends and holidays skipped). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  dueInWorkingDays?: number;

  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: CchcArea;

  /** Per-task reminder offsets in days before the due date; [] turns reminders off. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  reminderDaysBefore?: number[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

/** Bulk assignment: all or nothing. */
export class CreateTasksDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreateTaskDto)
  tasks: CreateTaskDto[];
}
