import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CCHC_AREA_KEYS } from '../../tasks/task-options';
import { IsCalendarDate } from '../../common/validation.decorators';

export class InspectionTargetDto {
  @IsUUID()
  unitId: string;

  @IsCalendarDate()
  plannedDate: string;
}

export class CreateInspectionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  /** Kế hoạch kiểm tra, e.g. "332/KH-SKHDT". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  planDocument?: string;

  /** Công văn thông báo thời gian kiểm tra, e.g. "38/VPUBND-KSTTHC". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  noticeDocument?: string;

  /** Tổ trưởng; defaults to the caller. */
  @IsOptional()
  @IsUUID()
  leaderId?: string;

  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InspectionTargetDto)
  targets: InspectionTargetDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CCHC_AREA_KEYS.length)
  @IsIn(CCHC_AREA_KEYS, { each: true })
  areas?: string[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  remediationDays?: number;
}

export class FindingDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: string;

  @IsIn(['low', 'medium', 'high'])
  severity: 'low' | 'medium' | 'high';

  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  requiredAction: string;
}

export class RecordInspectionDto {
  @IsUUID()
  unitId: string;

  @IsCalendarDate()
  inspectedOn: string;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class SelfReportDto {
  @IsUUID()
  unitId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  report: string;
}

export class ConcludeDto {
  @IsCalendarDate()
  concludedOn: string;
}

export class CloseRoundDto {
  @IsBoolean()
  carryOver: boolean;
}
