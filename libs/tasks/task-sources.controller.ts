import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { PG_INT_MAX, PG_INT_MIN } from '../common/limits';

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOkResponse({ type: [TaskSourceRowDto], description: 'Inactive ones included.' })
  list() {
    return this.db.query('SELECT key, label, active, sort FROM task_sources ORDER BY sort, key');
  }

  /** Adds or edits a source; deactivating one keeps it on existing tasks. */
  @Roles('admin')
  @Put(':key')
  @ApiOkResponse({ type: TaskSourceRowDto })
  async upsert(@Param() { key }: TaskSourceKeyParam, @Body() dto: TaskSourceDto) {
    const [row] = await this.db.query(
      `INSERT INTO task_sources (key, label, active, sort) VALUES ($1, $2, coalesce($3, true), coalesce($4, 100))
       ON CONFLICT (key) DO UPDATE SET label = $2, active = coalesce($3, task_sources.active),
         sort = coalesce($4, task_sources.sort)
       RETURNING key, label, active, sort`,
      [key, dto.label, dto.active ?? null, dto.sort ?? null],
    );
    return row;
  }
}
