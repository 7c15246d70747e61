import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateUnitDto {
  /** Abbreviation used in document symbols, e.g. SKHDT, VPUBND. */
  @Matches(/^[A-ZĐ0-9][A-ZĐ0-9_.-]{0,31}$/u, {
    message: 'code must be 1–32 upper-case letters, digits, "_", "." or "-"',
  })
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  /** Level of the unit as data: province, provincial_office, department, division, commune… */
  @Matches(/^[a-z_]{2,32}$/, { message: 'kind must be 2–32 lower-case letters or "_"' })
  kind: string;

  @IsOptional()
  @IsUUID()
  parentId?: string;
}
