import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { PG_INT_MAX, PG_INT_MIN } from '../common/limits';
import { TaskSourcesService } from './task-sources.service';

export class TaskSourceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Chủ tịch UBND tỉnh giao' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @ApiPropertyOptional({ description: 'Defaults to true for a new source.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'List order; 100 for a new source.' })
  @IsOptional()
  @IsInt()
  @Min(PG_INT_MIN)
  @Max(PG_INT_MAX)
  sort?: number;
}

class TaskSourceKeyParam {
  @ApiProperty({ pattern: '^[a-z_]{2,40}$' })
  @Matches(/^[a-z_]{2,40}$/, { message: 'key must be 2–40 lower-case letters or "_"' })
  key: string;
}

/** A nguồn giao as listed. */
export class TaskSourceRowDto {
  @ApiProperty({ pattern: '^[a-z_]{2,40}$', example: 'chu_tich_ubnd_tinh' })
  key: string;

  @ApiProperty()
  label: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: 'integer' })
  sort: number;
}

/** Nguồn giao: a configurable list (defaults from the migration). */
@ApiTags('Nhiệm vụ')
@ApiBearerAuth()
@Controller('task-sources')
export class TaskSourcesController {
  constructor(private readonly sources: TaskSourcesService) {}

  @Get()
  @ApiOkResponse({ type: [TaskSourceRowDto], description: 'Inactive ones included.' })
  list() {
    return this.sources.list();
  }

  /** Adds or edits a source; deactivating one keeps it on existing tasks. */
  @Roles('admin')
  @Put(':key')
  @ApiOkResponse({ type: TaskSourceRowDto })
  upsert(@Param() { key }: TaskSourceKeyParam, @Body() dto: TaskSourceDto) {
    return this.sources.upsert(key, dto);
  }
}
