import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validation.decorators';
import { RECURRENCE_KINDS, RecurrenceKind } from '../../domain/recurrence';
import { PERIOD_TYPES, PeriodType } from '../../domain/reporting-period';

/** Requests of the recurring-task API (docs/domain.md §8). */

export class RecurrenceRuleDto {
  /** `period`: every ND 09/2019 reporting period; `monthly`: day D; `weekly`: weekday W. */
  @ApiProperty({ enum: RECURRENCE_KINDS, enumName: 'RecurrenceKind' })
  @IsIn(RECURRENCE_KINDS)
  kind: RecurrenceKind;

  /** For `period`: which reporting period (windows 15th–14th of Nghị định 09/2019). */
  @ApiPropertyOptional({ enum: PERIOD_TYPES, enumName: 'PeriodType' })
  @ValidateIf((r: RecurrenceRuleDto) => r.kind === 'period')
  @IsIn(PERIOD_TYPES)
  periodType?: PeriodType;

  /** For `period`: the report is due this many working days after the period's cut-off. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 60 })
  @ValidateIf((r: RecurrenceRuleDto) => r.kind === 'period')
  @IsInt()
  @Min(0)
  @Max(60)
  dueAfterWorkingDays?: number;

  /** For `monthly`: the day of the month it is due (the last day in a shorter month). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 31 })
  @ValidateIf((r: RecurrenceRuleDto) => r.kind === 'monthly')
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number;

  /** For `weekly`: 1 = Thứ Hai … 7 = Chủ nhật. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 7 })
  @ValidateIf((r: RecurrenceRuleDto) => r.kind === 'weekly')
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;
}

export class CreateRecurrenceDto {
  /** Each occurrence is called this, followed by its period: "… quý III/2025". */
  @ApiProperty({ minLength: 1, maxLength: 400, example: 'Báo cáo kết quả cải cách hành chính' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(400)
  title: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({
    description: 'Nguồn giao: a key of GET /task-sources.',
    pattern: '^[a-z_]{2,40}$',
  })
  @IsString()
  @Matches(/^[a-z_]{2,40}$/, { message: 'source must be a key of /task-sources' })
  source: string;

  @ApiPropertyOptional({ example: '389/KH-UBND', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceDocument?: string;

  @ApiProperty({ type: RecurrenceRuleDto })
  @IsDefined({ message: 'rule is required: kind and its fields' })
  @ValidateNested()
  @Type(() => RecurrenceRuleDto)
  rule: RecurrenceRuleDto;

  /** Each occurrence is created this many days before it is due (default by kind: 20, 10, 3). */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  leadDays?: number;

  /** These units each get every occurrence (give these or targetUnitKind). */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500 })
  @ValidateIf((d: CreateRecurrenceDto) => d.targetUnitKind === undefined)
  @IsArray({
    message: 'give targetUnitIds (a list of units) or targetUnitKind (every unit of a kind)',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  targetUnitIds?: string[];

  /** Every unit of this kind in the assigner's scope, as the organisation stands at each period ('department': every Sở). */
  @ApiPropertyOptional({ maxLength: 32, example: 'department' })
  @ValidateIf((d: CreateRecurrenceDto) => d.targetUnitIds === undefined)
  @IsString()
  @Matches(/^[a-z_]{2,32}$/, { message: 'targetUnitKind must be a unit kind such as department' })
  targetUnitKind?: string;

  /**
   * Occurrences are created for periods due on or after this date (default today): an earlier
   * date creates the past periods too, up to a year back.
   */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string;

  /** No occurrence is due after this date. */
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;
}

/** Applies to occurrences not created yet; the ones created keep what they were given. */
export class UpdateRecurrenceDto extends PartialType(OmitType(CreateRecurrenceDto, ['startsOn'])) {}

export class PauseRecurrenceDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class OccurrenceQueryDto {
  /** How many of the latest periods due by today the per-unit record counts (default 4). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  periods?: number;
}
