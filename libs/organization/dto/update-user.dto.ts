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
  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fullName?: string;

  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  title?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @IfPresent()
  @IsUUID()
  unitId?: string;

  @IfPresent()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @IfPresent()
  @IsBoolean()
  active?: boolean;

  /** A reset by the admin. */
  @IfPresent()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}
