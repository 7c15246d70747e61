import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadlineService } from './deadline.service';
import { CalendarOverride, WorkingCalendar } from './working-calendar';

/**
 * The working-day calendar: computed holidays overlaid by the admin-edited table. An edit moves
 * the effective deadlines of the tasks it concerns (docs/domain.md §3).
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deadlines: DeadlineService,
  ) {}

  calendar(): Promise<WorkingCalendar> {
    return this.deadlines.calendar();
  }

  async overrides(year?: number): Promise<CalendarOverride[]> {
    const rows: { date: string; kind: 'holiday' | 'workday'; name: string | null }[] =
      await this.db.query(
        `SELECT date::text AS date, kind, name FROM calendar_overrides
         WHERE $1::int IS NULL OR extract(year FROM date) = $1 ORDER BY date`,
        [year ?? null],
      );
    return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name ?? undefined }));
  }

  async setOverride(o: CalendarOverride): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_overrides (date, kind, name) VALUES ($1, $2, $3)
       ON CONFLICT (date) DO UPDATE SET kind = $2, name = $3, updated_at = now()`,
      [o.date, o.kind, o.name ?? null],
    );
    await this.deadlines.recompute();
  }

  /** Returns whether an override existed. */
  async removeOverride(date: string): Promise<boolean> {
    const [, count] = await this.db.query('DELETE FROM calendar_overrides WHERE date = $1', [date]);
    if (count > 0) await this.deadlines.recompute();
    return count > 0;
  }

  async year(year: number) {
    const calendar = await this.calendar();
    return { year, holidays: calendar.holidaysOf(year), overrides: await this.overrides(year) };
  }
}
