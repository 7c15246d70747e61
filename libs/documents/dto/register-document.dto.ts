import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/validation.decorators';

export class RegisterDocumentDto {
  /** Số, ký hiệu per Nghị định 30/2020, with or without diacritics: "102/KH-SKHDT". */
  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    example: '102/KH-SKHDT',
    description: 'Số, ký hiệu (Nghị định 30/2020), with or without diacritics.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  symbol: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  issueDate: string;

  /** Trích yếu. */
  @ApiPropertyOptional({ maxLength: 2000, description: 'Trích yếu.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;
}

export class SymbolQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '102/KH-SKHDT' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  symbol: string;
}
