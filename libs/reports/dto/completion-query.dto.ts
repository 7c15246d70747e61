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
import { PERIOD_TYPES, PeriodType } from '../domain/reporting-period';
import { IsCalendarDate, PG_INT_MAX } from '../../common/validation.decorators';

export class CompletionQueryDto {
  /** Unit code whose subtree is reported, e.g. UBND (the province) or SKHDT. */
  @IsString()
  @MaxLength(32)
  scope: string;

  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;

  @IsOptional()
  @Matches(/^[a-z_]{2,40}$/)
  source?: string;

  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: string;

  /** Only the tasks of this plan. */
  @IsOptional()
  @IsUUID()
  plan?: string;

  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;
}

export class ExportQueryDto extends CompletionQueryDto {
  /** The period as the document names it, e.g. "Quý III năm 2022". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string;
}

export class DrillDownQueryDto extends CompletionQueryDto {
  @IsIn(REPORT_CLASSES)
  class: ReportClass;

  /** A group key from the report's `groups`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;

  @IsOptional()
  @IsIn(['window', 'carriedOver'])
  block?: 'window' | 'carriedOver';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 200;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  offset = 0;
}

export class PeriodParamsDto {
  @IsIn(PERIOD_TYPES)
  type: PeriodType;

  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class PeriodNumberQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  number?: number;
}

export class SnapshotRequestDto {
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  number?: number;
}
