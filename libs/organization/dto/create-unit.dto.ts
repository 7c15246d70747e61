import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateUnitDto {
  /** Abbreviation used in document symbols, e.g. SKHDT, VPUBND. */
  @ApiProperty({
    pattern: '^[A-ZĐ0-9][A-ZĐ0-9_.-]{0,31}$',
    example: 'SKHDT',
    description: 'Abbreviation used in document symbols.',
  })
  @Matches(/^[A-ZĐ0-9][A-ZĐ0-9_.-]{0,31}$/u, {
    message: 'code must be 1–32 upper-case letters, digits, "_", "." or "-"',
  })
  code: string;

  @ApiProperty({ minLength: 1, maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  /** Level of the unit as data: province, provincial_office, department, division, commune… */
  @ApiProperty({
    pattern: '^[a-z_]{2,32}$',
    example: 'department',
    description: 'province, provincial_office, department, division, commune…',
  })
  @Matches(/^[a-z_]{2,32}$/, { message: 'kind must be 2–32 lower-case letters or "_"' })
  kind: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required except for the root unit.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
