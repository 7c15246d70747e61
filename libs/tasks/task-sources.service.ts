import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A nguồn giao as stored. */
export interface TaskSourceRow {
  key: string;
  label: string;
  active: boolean;
  sort: number;
}

/** Nguồn giao: the configurable list of task sources (defaults from the migration). */
@Injectable()
export class TaskSourcesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every source, inactive ones included, in list order. */
  list(): Promise<TaskSourceRow[]> {
    return this.db.query('SELECT key, label, active, sort FROM task_sources ORDER BY sort, key');
  }

  /** Adds or edits a source; unset fields keep their value (a new source: active, sort 100). */
  async upsert(
    key: string,
    source: { label: string; active?: boolean; sort?: number },
  ): Promise<TaskSourceRow> {
    const [row] = await this.db.query(
      `INSERT INTO task_sources (key, label, active, sort) VALUES ($1, $2, coalesce($3, true), coalesce($4, 100))
       ON CONFLICT (key) DO UPDATE SET label = $2, active = coalesce($3, task_sources.active),
         sort = coalesce($4, task_sources.sort)
       RETURNING key, label, active, sort`,
      [key, source.label, source.active ?? null, source.sort ?? null],
    );
    return row;
  }
}
