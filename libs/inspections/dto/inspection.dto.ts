import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class InspectionTargetInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  plannedDate: string;
}

export class CreateInspectionDto {
  @ApiProperty({ minLength: 1, maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  /** Kế hoạch kiểm tra, e.g. "332/KH-SKHDT". */
  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Kế hoạch kiểm tra.',
    example: '332/KH-SKHDT',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  planDocument?: string;

  /** Công văn thông báo thời gian kiểm tra, e.g. "38/VPUBND-KSTTHC". */
  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Công văn thông báo thời gian kiểm tra.',
    example: '38/VPUBND-KSTTHC',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  noticeDocument?: string;

  /** Tổ trưởng; defaults to the caller. */
  @ApiPropertyOptional({ format: 'uuid', description: 'Tổ trưởng; defaults to the caller.' })
  @IsOptional()
  @IsUUID()
  leaderId?: string;

  @ApiProperty({ type: String, format: 'uuid', isArray: true, maxItems: 30, uniqueItems: true })
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds: string[];

  @ApiProperty({ type: [InspectionTargetInputDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InspectionTargetInputDto)
  targets: InspectionTargetInputDto[];

  @ApiPropertyOptional({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CCHC_AREA_KEYS.length)
  @IsIn(CCHC_AREA_KEYS, { each: true })
  areas?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  remediationDays?: number;
}

export class FindingDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea' })
  @IsOptional()
  @IsIn(CCHC_AREA_KEYS)
  area?: string;

  @ApiProperty({ enum: ['low', 'medium', 'high'], enumName: 'FindingSeverity' })
  @IsIn(['low', 'medium', 'high'])
  severity: 'low' | 'medium' | 'high';

  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  requiredAction: string;
}

export class RecordInspectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  inspectedOn: string;

  @ApiProperty({ type: [FindingDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class SelfReportDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  report: string;
}

export class ConcludeDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  concludedOn: string;
}

export class CloseRoundDto {
  @ApiProperty({ description: 'Carry open findings over to a new round.' })
  @IsBoolean()
  carryOver: boolean;
}
