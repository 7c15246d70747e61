import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ maxLength: 255, example: 'Kế hoạch 389.pdf' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ format: 'uri', maxLength: 2000 })
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url: string;
}

export class CreateTaskDto {
  /** Mã nhiệm vụ, unique per assigning unit. */
  @ApiPropertyOptional({
    description: 'Mã nhiệm vụ, unique per assigning unit.',
    pattern: '^[\\p{L}\\p{N}._/-]{1,64}$',
    maxLength: 64,
  })
  @IsOptional()
  @Matches(/^[\p{L}\p{N}._/-]{1,64}$/u, {
    message: 'code must be 1–64 letters, digits, ".", "_", "/" or "-"',
  })
  code?: string;

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  /** Nguồn giao: a key of GET /task-sources. */
  @ApiProperty({
    description: 'Nguồn giao: a key of GET /task-sources.',
    pattern: '^[a-z_]{2,40}$',
  })
  @IsString()
  @Matches(/^[a-z_]{2,40}$/, { message: 'source must be a key of /task-sources' })
  source: string;

  /** Văn bản giao, số/ký hiệu per Nghị định 30/2020, e.g. "389/KH-UBND". */
  @ApiPropertyOptional({
    description: 'Văn bản giao, số/ký hiệu per Nghị định 30/2020.',
    example: '389/KH-UBND',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceDocument?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  sourceDocumentDate?: string;

  /** Đơn vị chủ trì. */
  @ApiProperty({ format: 'uuid', description: 'Đơn vị chủ trì.' })
  @IsUUID()
  leadUnitId: string;

  /** Đơn vị phối hợp. */
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    maxItems: 100,
    uniqueItems: true,
    description: 'Đơn vị phối hợp.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coordinatingUnitIds?: string[];

  /** Người theo dõi. */
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    maxItems: 100,
    uniqueItems: true,
    description: 'Người theo dõi.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  watcherIds?: string[];

  /** Optional person in the lead unit who does the work. */
  @ApiPropertyOptional({ format: 'uuid', description: 'A person of the lead unit.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  /** Hạn xử lý, a calendar date (Asia/Ho_Chi_Minh); omit both this and dueInWorkingDays for no deadline. */
  @ApiPropertyOptional({
    format: 'date',
    description: 'Hạn xử lý; omit both this and dueInWorkingDays for no deadline.',
  })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  /** Alternative to dueDate: N working days from today (weekends and holidays skipped). */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 730,
    description: 'Alternative to dueDate: N working days from today.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  dueInWorkingDays?: number;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, enumName: 'TaskPriority', default: 'normal' })
  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea' })
  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: CchcArea;

  /** Per-task reminder offsets in days before the due date; [] turns reminders off. */
  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    minimum: 1,
    maximum: 365,
    maxItems: 10,
    description: 'Reminder offsets in days before the due date; [] turns reminders off.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  reminderDaysBefore?: number[];

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

/** Bulk assignment: all or nothing. */
export class CreateTasksDto {
  @ApiProperty({ type: [CreateTaskDto], minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreateTaskDto)
  tasks: CreateTaskDto[];
}
