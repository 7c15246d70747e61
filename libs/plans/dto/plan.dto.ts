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
import { CreateTaskDto } from '../../tasks/dto/create-task.dto';
import { CCHC_AREA_KEYS } from '../../tasks/task-options';

export class RegisterDocumentDto {
  /** Số, ký hiệu per Nghị định 30/2020, with or without diacritics: "102/KH-SKHDT". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  symbol: string;

  @IsCalendarDate()
  issueDate: string;

  /** Trích yếu. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;
}

export class CreatePlanDto extends RegisterDocumentDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CCHC_AREA_KEYS.length)
  @IsIn(CCHC_AREA_KEYS, { each: true })
  areas?: string[];

  /** The plan this one implements. */
  @IsOptional()
  @IsUUID()
  parentPlanId?: string;
}

export class ImplementingUnitDto {
  @IsUUID()
  unitId: string;

  /** The date by which the unit must issue its implementing plan. */
  @IsCalendarDate()
  dueDate: string;
}

export class IssuePlanDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ImplementingUnitDto)
  implementingUnits?: ImplementingUnitDto[];
}

export class PlanItemDto extends CreateTaskDto {
  /** The parent plan's task this item implements. */
  @IsOptional()
  @IsUUID()
  parentTaskId?: string;
}
