import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validation.decorators';
import { CreateUnitDto } from '../../organization/dto/create-unit.dto';
import { REORGANISATION_KINDS, ReorganisationKind } from '../reorganisation-row';

/** Requests of the reorganisation API (docs/domain.md §9). */

const UNIT_CODE = /^[A-ZĐ0-9][A-ZĐ0-9_.-]{0,31}$/u;
const isKind =
  (...kinds: ReorganisationKind[]) =>
  (dto: CreateReorganisationDto) =>
    kinds.includes(dto.kind);

/** The unit a merger (hợp nhất) creates; its parent defaults to the first merged unit's. */
export class NewUnitDto extends CreateUnitDto {}

export class TaskAssignmentDto {
  @ApiProperty({ format: 'uuid', description: 'An open task led by the unit being split.' })
  @IsUUID()
  taskId: string;

  @ApiProperty({ format: 'uuid', description: 'One of successorUnitIds.' })
  @IsUUID()
  unitId: string;
}

export class CreateReorganisationDto {
  /**
   * rename (đổi tên), merge (hợp nhất: unitIds into a new unit), absorb (sáp nhập: unitId into
   * successorUnitId), split (chia: unitId into successorUnitIds), dissolve (giải thể).
   */
  @ApiProperty({ enum: REORGANISATION_KINDS, enumName: 'ReorganisationKind' })
  @IsIn(REORGANISATION_KINDS)
  kind: ReorganisationKind;

  /** From 00:00 of this day (Asia/Ho_Chi_Minh); today or earlier: carried out at once. */
  @ApiProperty({ format: 'date', example: '2025-03-01' })
  @IsCalendarDate()
  effectiveOn: string;

  /** The decision it follows, e.g. "Quyết định số 120/QĐ-UBND ngày 25/02/2025". */
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  decision?: string;

  /** The unit renamed, absorbed, split or dissolved (every kind but merge). */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(isKind('rename', 'absorb', 'split', 'dissolve'))
  @IsUUID()
  unitId?: string;

  /** merge: the units merged (at least two). */
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 2, maxItems: 20 })
  @ValidateIf(isKind('merge'))
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds?: string[];

  /** merge: the new unit. */
  @ApiPropertyOptional({ type: NewUnitDto })
  @ValidateIf(isKind('merge'))
  @ValidateNested()
  @Type(() => NewUnitDto)
  newUnit?: NewUnitDto;

  /** absorb: the unit that takes it in; dissolve: the unit that takes over its open work. */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(
    (d: CreateReorganisationDto) => d.kind === 'absorb' || d.successorUnitId !== undefined,
  )
  @IsUUID()
  successorUnitId?: string;

  /** rename: the new name. */
  @ApiPropertyOptional({ maxLength: 255 })
  @ValidateIf(isKind('rename'))
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  /** rename: a new code (ký hiệu), if it changes too. */
  @ApiPropertyOptional({ pattern: UNIT_CODE.source })
  @ValidateIf((d: CreateReorganisationDto) => d.kind === 'rename' && d.code !== undefined)
  @Matches(UNIT_CODE, { message: 'code must be 1–32 upper-case letters, digits, "_", "." or "-"' })
  code?: string;

  /** split: the existing units it is split into (at least two). */
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 2, maxItems: 20 })
  @ValidateIf(isKind('split'))
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  successorUnitIds?: string[];

  /** split: who takes the open tasks not listed in taskAssignments, and the users. */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(isKind('split'))
  @IsUUID()
  defaultSuccessorUnitId?: string;

  /** split: open tasks given to a named successor. */
  @ApiPropertyOptional({ type: [TaskAssignmentDto], maxItems: 1000 })
  @ValidateIf((d: CreateReorganisationDto) => d.kind === 'split' && d.taskAssignments !== undefined)
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TaskAssignmentDto)
  taskAssignments?: TaskAssignmentDto[];
}
