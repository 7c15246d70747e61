import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailerService } from './mailer.service';

export interface NotificationInput {
  /** Identifies the event: the same key never notifies the same user twice. */
  dedupeKey: string;
  userIds: string[];
  kind: string;
  title: string;
  body: string;
  taskId?: string | null;
}

interface MailRow {
  id: string;
  email: string | null;
  title: string;
  body: string;
}

/** Inbox writes and e-mail sends, used as Temporal activities; both are safe to retry. */
@Injectable()
export class NotificationActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: MailerService,
  ) {}

  /** Returns the ids whose e-mail is still to be sent (including ones an earlier attempt left). */
  async recordNotifications(
    input: NotificationInput,
  ): Promise<{ created: number; emailIds: string[] }> {
    const userIds = [...new Set(input.userIds)];
    if (userIds.length === 0) return { created: 0, emailIds: [] };
    const created = await this.db.query(
      `INSERT INTO notifications (user_id, task_id, kind, title, body, dedupe_key, email_status)
       SELECT u.id, $2, $3, $4, $5, $6,
              CASE WHEN $7 AND u.email IS NOT NULL THEN 'pending' ELSE 'none' END
       FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        userIds,
        input.taskId ?? null,
        input.kind,
        input.title,
        input.body,
        input.dedupeKey,
        this.mailer.enabled,
      ],
    );
    const pending: { id: string }[] = await this.db.query(
      `SELECT id FROM notifications WHERE dedupe_key = $1 AND user_id = ANY($2::uuid[]) AND email_status = 'pending'`,
      [input.dedupeKey, userIds],
    );
    return { created: created.length, emailIds: pending.map((p) => p.id) };
  }

  /**
   * Sends what is still pending; an SMTP error throws so Temporal retries the rest. With e-mail off
   * nothing is sent and nothing is marked, so the rows wait for a worker that has SMTP.
   */
  async emailNotifications(ids: string[]): Promise<{ sent: number }> {
    if (!this.mailer.enabled || ids.length === 0) return { sent: 0 };
    const rows: MailRow[] = await this.db.query(
      `SELECT n.id, u.email, n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.id = ANY($1::uuid[]) AND n.email_status = 'pending' ORDER BY n.created_at`,
      [ids],
    );
    let sent = 0;
    for (const row of rows) {
      if (!row.email) {
        // The address was removed after recording: no retry could ever deliver this one.
        await this.db.query(
          `UPDATE notifications SET email_status = 'none' WHERE id = $1 AND email_status = 'pending'`,
          [row.id],
        );
        continue;
      }
      await this.mailer.send({
        to: row.email,
        subject: row.title,
        text: `${row.body}\n\n—\nGiaoViec: hệ thống quản lý giao việc`,
      });
      await this.db.query(
        `UPDATE notifications SET email_status = 'sent', emailed_at = now() WHERE id = $1`,
        [row.id],
      );
      sent++;
    }
    return { sent };
  }
}
