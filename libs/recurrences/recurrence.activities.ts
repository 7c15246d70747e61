import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  DueOccurrences,
  RecurrenceActivityContract,
} from '../../workflows/recurrence/recurrence.contract';
import { DeadlineService } from '../calendar/deadline.service';
import { occurrencesDue, occurrenceTitle } from '../domain/recurrence';
import { newTaskRecord } from '../domain/task-record';
import { occurrenceTaskId } from '../tasks/task-ids';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { RecurrenceRow, RECURRENCE_COLUMNS } from './recurrence-row';

/** The recurrence run's side effects, hosted by the worker (docs/domain.md §8). */
@Injectable()
export class RecurrenceActivities implements RecurrenceActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deadlines: DeadlineService,
    private readonly settings: TaskSettingsService,
  ) {}

  async dueOccurrences(recurrenceId: string, date: string): Promise<DueOccurrences> {
    const settings = await this.settings.current();
    const [recurrence]: RecurrenceRow[] = await this.db.query(
      `SELECT ${RECURRENCE_COLUMNS} FROM recurrences r WHERE r.id = $1`,
      [recurrenceId],
    );
    // Paused or ended after the Schedule fired (or an orphan Schedule): nothing is created.
    if (recurrence?.status !== 'active') return { tasks: [], settings, inactive: true };
    const calendar = await this.deadlines.calendar();
    const due = occurrencesDue(recurrence.rule, recurrence, date, calendar);
    if (due.length > 0) {
      // Every target unit as the organisation stands today; each period and unit once.
      const units: { id: string }[] = await this.db.query(
        `SELECT id FROM units
         WHERE (id = ANY($1::uuid[]) OR (kind = $2::varchar AND path LIKE $3 || '%'))
           AND dissolved_on IS NULL`,
        [recurrence.targetUnitIds, recurrence.targetUnitKind, recurrence.scopePath],
      );
      const rows = due.flatMap((o) =>
        units.map((u) => [o.periodKey, o.label, u.id, o.dueDate] as const),
      );
      await this.db.query(
        `INSERT INTO recurrence_occurrences
           (recurrence_id, period_key, period_label, unit_id, due_date, task_id)
         SELECT $1, k, l, u, d, t
         FROM unnest($2::varchar[], $3::varchar[], $4::uuid[], $5::date[], $6::uuid[])
           AS o(k, l, u, d, t)
         ON CONFLICT (recurrence_id, period_key, unit_id) DO NOTHING`,
        [
          recurrenceId,
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
          rows.map((r) => r[2]),
          rows.map((r) => r[3]),
          rows.map((r) => occurrenceTaskId(recurrenceId, r[0], r[2])),
        ],
      );
    }
    // Recorded by this run or an earlier one whose tasks are not stored yet.
    const pending: {
      taskId: string;
      unitId: string;
      label: string;
      dueDate: string;
      createdAt: Date;
    }[] = await this.db.query(
      `SELECT o.task_id AS "taskId", o.unit_id AS "unitId", o.period_label AS label,
              o.due_date::text AS "dueDate", o.created_at AS "createdAt"
       FROM recurrence_occurrences o LEFT JOIN tasks t ON t.id = o.task_id
       WHERE o.recurrence_id = $1 AND t.id IS NULL ORDER BY o.due_date, o.unit_id`,
      [recurrenceId],
    );
    const tasks = pending.map((o) =>
      newTaskRecord(
        {
          title: occurrenceTitle(recurrence.title, o),
          description: recurrence.description,
          source: recurrence.source,
          sourceDocument: recurrence.sourceDocument,
          leadUnitId: o.unitId,
          dueDate: o.dueDate,
          reviewerIds: [],
        },
        // Assigned when the occurrence was recorded: a retry builds the same record.
        {
          id: o.taskId,
          assignerId: recurrence.createdBy,
          assigningUnitId: recurrence.assigningUnitId,
          assignedAt: o.createdAt,
          effectiveOf: this.deadlines.resolverFor(calendar),
        },
      ),
    );
    return { tasks, settings, inactive: false };
  }
}
