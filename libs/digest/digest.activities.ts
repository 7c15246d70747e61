import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DigestActivityContract } from '../../workflows/digest/daily-digest.contract';
import { DeadlineService } from '../calendar/deadline.service';
import { openOverdueSql } from '../domain/timeliness.sql';
import type { Environment } from '../config/environment';
import { NotificationActivities } from '../notifications/notification.activities';
import { digestMessage } from '../notifications/templates';

interface DigestRow {
  userId: string;
  title: string;
  dueDate: string;
  leadUnitName: string;
  overdue: boolean;
}

/** Builds each unit leader's morning digest of open tasks due soon or overdue in its subtree. */
@Injectable()
export class DigestActivities implements DigestActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationActivities,
    private readonly config: ConfigService<Environment, true>,
    private readonly deadlines: DeadlineService,
  ) {}

  async digestGoesOut(date: string): Promise<boolean> {
    return this.config.get('DIGEST_ON_NON_WORKING_DAYS') || this.deadlines.isWorkingDay(date);
  }

  async recordDailyDigest(date: string): Promise<string[]> {
    const rows: DigestRow[] = await this.db.query(
      `SELECT u.id AS "userId", t.title, t.written_due_date::text AS "dueDate", lu.name AS "leadUnitName",
              ${openOverdueSql('t', '$1::date')} AS overdue
       FROM users u
       JOIN units mine ON mine.id = u.unit_id
       JOIN units lu ON lu.path LIKE mine.path || '%'
       JOIN tasks t ON t.lead_unit_id = lu.id
       WHERE u.active AND u.roles && ARRAY['unit_manager', 'leader']
         AND t.status NOT IN ('completed', 'cancelled')
         AND t.due_date <= $1::date + $2::int
       ORDER BY u.id, t.due_date, t.title`,
      [date, this.config.get('DIGEST_DUE_SOON_DAYS')],
    );
    const byUser = new Map<string, DigestRow[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);

    const emailIds: string[] = [];
    for (const [userId, items] of byUser) {
      const message = digestMessage(date, items);
      const result = await this.notifications.recordNotifications({
        dedupeKey: `digest:${date}`,
        userIds: [userId],
        kind: 'daily_digest',
        title: message.title,
        body: message.body,
      });
      emailIds.push(...result.emailIds);
    }
    return emailIds;
  }
}
