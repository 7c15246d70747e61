import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class UpdateUnitDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @IsOptional()
  @Matches(/^[a-z_]{2,32}$/, { message: 'kind must be 2–32 lower-case letters or "_"' })
  kind?: string;

  /** Moves the unit (with its subtree) under another parent. */
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
