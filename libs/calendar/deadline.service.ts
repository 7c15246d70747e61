import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Environment } from '../config/environment';
import { DeadlineRule, effectiveDueDate } from '../domain/deadline';
import { CalendarOverride, WorkingCalendar } from './working-calendar';

/**
 * Effective deadlines (docs/domain.md §3, "Effective deadline"): `tasks.due_date` is the written
 * date (`written_due_date`) under DEADLINE_ON_NON_WORKING_DAY and the working calendar as stored.
 * Activities derive it whenever they store a task; `recompute` derives it again for every task
 * after the calendar or the rule changed.
 */
@Injectable()
export class DeadlineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  get rule(): DeadlineRule {
    return this.config.get('DEADLINE_ON_NON_WORKING_DAY');
  }

  /** The effective deadline of `written`, read with `em` (inside the caller's transaction). */
  async effectiveOf(written: string | null, em: EntityManager = this.db.manager) {
    if (!written || this.rule === 'as_written') return written;
    // The longest run of days off (Tết with its weekends) is well under a month.
    const overrides: CalendarOverride[] = await em.query(
      `SELECT date::text AS date, kind FROM calendar_overrides
       WHERE date BETWEEN $1::date AND $1::date + 40 ORDER BY date`,
      [written],
    );
    return effectiveDueDate(written, this.rule, new WorkingCalendar(overrides));
  }

  /** The effective deadline of a written one under the rule and `calendar` (already loaded). */
  resolverFor(calendar: WorkingCalendar): (written: string) => string {
    const rule = this.rule;
    return (written) => effectiveDueDate(written, rule, calendar)!;
  }

  /** The working calendar as stored: computed holidays and the whole overlay (§6). */
  async calendar(): Promise<WorkingCalendar> {
    const overrides: CalendarOverride[] = await this.db.query(
      `SELECT date::text AS date, kind FROM calendar_overrides ORDER BY date`,
    );
    return new WorkingCalendar(overrides);
  }

  /** Whether `date` is a working day of the calendar as stored (§6). */
  async isWorkingDay(date: string): Promise<boolean> {
    const overrides: CalendarOverride[] = await this.db.query(
      `SELECT date::text AS date, kind FROM calendar_overrides WHERE date = $1::date`,
      [date],
    );
    return new WorkingCalendar(overrides).isWorkingDay(date);
  }

  /**
   * Derives every task's `due_date` again from its written one; returns how many moved. The
   * triggers on `tasks` move their counts in `task_counts` and `report_cells`.
   */
  async recompute(): Promise<number> {
    const written: { date: string }[] = await this.db.query(
      `SELECT DISTINCT written_due_date::text AS date FROM tasks WHERE written_due_date IS NOT NULL`,
    );
    if (written.length === 0) return 0;
    const calendar = await this.calendar();
    const dates = written.map((w) => w.date);
    const effective = dates.map((d) => effectiveDueDate(d, this.rule, calendar));
    const [, moved] = await this.db.query(
      `UPDATE tasks t SET due_date = m.effective
       FROM unnest($1::date[], $2::date[]) AS m(written, effective)
       WHERE t.written_due_date = m.written AND t.due_date IS DISTINCT FROM m.effective`,
      [dates, effective],
    );
    return moved as number;
  }
}

/** The worker brings every stored deadline in line with the rule and calendar it starts with. */
@Injectable()
export class DeadlinesAtBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlinesAtBoot.name);

  constructor(private readonly deadlines: DeadlineService) {}

  async onApplicationBootstrap(): Promise<void> {
    const moved = await this.deadlines.recompute();
    if (moved > 0) {
      this.logger.log(`${moved} task deadline(s) re-derived (${this.deadlines.rule})`);
    }
  }
}
