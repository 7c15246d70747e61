import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class ReportProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent: number;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class SubmitResultDto {
  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  result: string;

  /** Văn bản kết quả, e.g. the unit's implementing plan "102/KH-SKHDT". */
  @ApiPropertyOptional({ maxLength: 100, description: 'Văn bản kết quả.', example: '102/KH-SKHDT' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  outputDocument?: string;

  /** Giải trình when the result comes after the due date. */
  @ApiPropertyOptional({
    maxLength: 10000,
    description: 'Giải trình when the result comes after the due date.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  explanation?: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}

export class RequestExtensionDto extends ReasonDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  newDueDate: string;
}

export class DecideExtensionDto extends NoteDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;
}

export class ReassignDto extends ReasonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  leadUnitId: string;
}

export class ExplanationDto {
  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  explanation: string;
}
