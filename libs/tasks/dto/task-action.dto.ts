import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validation.decorators';

export class NoteDto {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class ReportProgressDto {
  @IsInt()
  @Min(0)
  @Max(100)
  percent: number;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class SubmitResultDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  result: string;

  /** Văn bản kết quả, e.g. the unit's implementing plan "102/KH-SKHDT". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  outputDocument?: string;

  /** Giải trình when the result comes after the due date. */
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  explanation?: string;
}

export class ReasonDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}

export class RequestExtensionDto extends ReasonDto {
  @IsCalendarDate()
  newDueDate: string;
}

export class DecideExtensionDto extends NoteDto {
  @IsBoolean()
  approve: boolean;
}

export class ReassignDto extends ReasonDto {
  @IsUUID()
  leadUnitId: string;
}

export class ExplanationDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  explanation: string;
}
