import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES } from '../user.entity';

/** Optional, but when present (even as null) it must be valid: these columns are NOT NULL. */
const IfPresent = () => ValidateIf((_object, value) => value !== undefined);

/** What an admin may change about a user; `active: false` and a new password revoke its tokens. */
export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255 })
  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fullName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'Chức vụ.' })
  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  title?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 255 })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    enumName: 'Role',
    isArray: true,
    minItems: 1,
    uniqueItems: true,
  })
  @IfPresent()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false revokes every token of the user.' })
  @IfPresent()
  @IsBoolean()
  active?: boolean;

  /** A reset by the admin. */
  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 200,
    format: 'password',
    description: 'A reset by the admin.',
  })
  @IfPresent()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}
