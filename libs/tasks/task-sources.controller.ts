import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsInt()
  @Min(PG_INT_MIN)
  @Max(PG_INT_MAX)
  sort?: number;
}

class TaskSourceKeyParam {
  @Matches(/^[a-z_]{2,40}$/, { message: 'key must be 2–40 lower-case letters or "_"' })
  key: string;
}

/** Nguồn giao: a configurable list (defaults from the migration). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('task-sources')
export class TaskSourcesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  list() {
    return this.db.query('SELECT key, label, active, sort FROM task_sources ORDER BY sort, key');
  }

  /** Adds or edits a source; deactivating one keeps it on existing tasks. */
  @Roles('admin')
  @Put(':key')
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
