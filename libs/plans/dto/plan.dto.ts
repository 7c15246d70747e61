import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validation.decorators';
import { RegisterDocumentDto } from '../../documents/dto/register-document.dto';
import { CreateTaskDto } from '../../tasks/dto/create-task.dto';
import { CCHC_AREA_KEYS } from '../../tasks/task-options';

export class CreatePlanDto extends RegisterDocumentDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ enum: CCHC_AREA_KEYS, enumName: 'CchcArea', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CCHC_AREA_KEYS.length)
  @IsIn(CCHC_AREA_KEYS, { each: true })
  areas?: string[];

  /** The plan this one implements. */
  @ApiPropertyOptional({ format: 'uuid', description: 'The plan this one implements.' })
  @IsOptional()
  @IsUUID()
  parentPlanId?: string;
}

export class ImplementingUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  /** The date by which the unit must issue its implementing plan. */
  @ApiProperty({ format: 'date', description: 'When the unit must issue its implementing plan.' })
  @IsCalendarDate()
  dueDate: string;
}

export class IssuePlanDto {
  @ApiPropertyOptional({ type: [ImplementingUnitDto], maxItems: 500 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ImplementingUnitDto)
  implementingUnits?: ImplementingUnitDto[];
}

export class PlanItemDto extends CreateTaskDto {
  /** The parent plan's task this item implements. */
  @ApiPropertyOptional({ format: 'uuid', description: "The parent plan's task it implements." })
  @IsOptional()
  @IsUUID()
  parentTaskId?: string;
}

export class ClosePlanDto {
  @ApiProperty({
    enum: ['carry_over', 'cancel'],
    enumName: 'ClosePlanMode',
    description: '`carry_over` leaves open tasks running, `cancel` cancels them.',
  })
  @IsIn(['carry_over', 'cancel'])
  mode: 'carry_over' | 'cancel';
}
