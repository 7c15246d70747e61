import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsPageCursor } from './validation.decorators';

/** Keyset paging shared by every list: a page size and the previous page's `nextCursor`. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @ApiPropertyOptional({ maxLength: 500, description: "The previous page's `nextCursor`." })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsPageCursor()
  cursor?: string;
}
