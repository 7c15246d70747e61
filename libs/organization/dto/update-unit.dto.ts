import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

/** Optional, but when present (even as null) it must be valid: these columns are NOT NULL. */
const IfPresent = () => ValidateIf((_object, value) => value !== undefined);

export class UpdateUnitDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255 })
  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ pattern: '^[a-z_]{2,32}$' })
  @IfPresent()
  @Matches(/^[a-z_]{2,32}$/, { message: 'kind must be 2–32 lower-case letters or "_"' })
  kind?: string;

  /** Moves the unit (with its subtree) under another parent. */
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Moves the unit (with its subtree) under another parent.',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
