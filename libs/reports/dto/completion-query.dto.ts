import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsUUID,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CCHC_AREA_KEYS } from '../../tasks/task-options';
import { GROUP_BYS, GroupBy, REPORT_CLASSES, ReportClass } from '../completion-report';
import { PERIOD_TYPES, PeriodType } from '../../domain/reporting-period';
import { IsCalendarDate, PG_INT_MAX } from '../../common/validation.decorators';
import { ORGANISATION_MODES, OrganisationMode } from '../report-organisation';

export class CompletionQueryDto {
  /** Unit code whose subtree is reported, e.g. UBND (the province) or SKHDT. */
  @ApiProperty({
    maxLength: 32,
    example: 'SKHDT',
    description: 'Unit code whose subtree is reported.',
  })
  @IsString()
  @MaxLength(32)
  scope: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ pattern: '^[a-z_]{2,40}$', description: 'A key of GET /task-sources.' })
  @IsOptional()
  @Matches(/^[a-z_]{2,40}$/)
  source?: string;

  @ApiPropertyOptional({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea' })
  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: string;

  /** Only the tasks of this plan. */
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the tasks of this plan.' })
  @IsOptional()
  @IsUUID()
  plan?: string;

  @ApiPropertyOptional({ enum: GROUP_BYS, enumName: 'ReportGroupBy' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;

  /**
   * Count units as they stood at the window's start (`asOfPeriod`, the default) or restate the
   * past on today's organisation (`current`): docs/domain.md §5.
   */
  @ApiPropertyOptional({
    enum: ORGANISATION_MODES,
    enumName: 'ReportOrganisation',
    default: 'asOfPeriod',
    description:
      'asOfPeriod: units as they stood on `from`; current: the past restated on today’s organisation.',
  })
  @IsOptional()
  @IsIn(ORGANISATION_MODES)
  organisation?: OrganisationMode;
}

export class ExportQueryDto extends CompletionQueryDto {
  /** The period as the document names it, e.g. "Quý III năm 2022". */
  @ApiPropertyOptional({ maxLength: 100, example: 'Quý III năm 2022' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string;
}

export class DrillDownQueryDto extends CompletionQueryDto {
  @ApiProperty({ enum: REPORT_CLASSES, enumName: 'ReportClass' })
  @IsIn(REPORT_CLASSES)
  class: ReportClass;

  /** A group key from the report's `groups`. */
  @ApiPropertyOptional({ maxLength: 64, description: "A group key from the report's `groups`." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;

  @ApiPropertyOptional({
    enum: ['window', 'carriedOver'],
    enumName: 'ReportBlock',
    default: 'window',
  })
  @IsOptional()
  @IsIn(['window', 'carriedOver'])
  block?: 'window' | 'carriedOver';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 200;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: PG_INT_MAX, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  offset = 0;
}

export class PeriodParamsDto {
  @ApiProperty({ enum: PERIOD_TYPES, enumName: 'PeriodType' })
  @IsIn(PERIOD_TYPES)
  type: PeriodType;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class PeriodNumberQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 12,
    description: 'Month (1–12) or quarter (1–4); omitted for half, nine_months and year.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  number?: number;
}

export class SnapshotRequestDto {
  @ApiProperty({ enum: PERIOD_TYPES, enumName: 'PeriodType' })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  number?: number;
}
