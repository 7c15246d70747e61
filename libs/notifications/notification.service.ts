import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fieldError, notFound, validationFailed } from '../common/domain.exception';

const COLUMNS = `id, task_id AS "taskId", kind, title, body, created_at AS "createdAt", read_at AS "readAt"`;
/** PostgreSQL keeps microseconds; a millisecond cursor (a JS Date) would skip rows on the next page. */
const CURSOR_AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_AT_FORMAT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's own inbox; another user's notification is indistinguishable from a missing one. */
@Injectable()
export class NotificationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(userId: string, opts: { unreadOnly?: boolean; limit: number; cursor?: string }) {
    const params: unknown[] = [userId, opts.limit + 1];
    let where = 'user_id = $1';
    if (opts.unreadOnly) where += ' AND read_at IS NULL';
    if (opts.cursor) {
      params.push(...decodeCursor(opts.cursor));
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: { id: string; cursorAt: string }[] = await this.db.query(
      `SELECT ${COLUMNS}, ${CURSOR_AT} AS "cursorAt" FROM notifications WHERE ${where}
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const items = rows.slice(0, opts.limit).map(({ cursorAt: _, ...item }) => item);
    const last = rows[opts.limit - 1];
    return {
      items,
      nextCursor: rows.length > opts.limit ? encodeCursor(last.cursorAt, last.id) : null,
    };
  }

  async unreadCount(userId: string): Promise<{ count: number }> {
    const [{ count }] = await this.db.query(
      'SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return { count };
  }

  async markRead(userId: string, id: string) {
    const [rows] = await this.db.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now())
       WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    if (!rows?.length) throw notFound('Notification', id);
    return rows[0];
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    const [, updated] = await this.db.query(
      'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return { updated };
  }
}

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const instant = CURSOR_AT_FORMAT.test(at) ? new Date(at) : null;
  // Date rolls 30 February over to March where PostgreSQL would reject it: compare the fields.
  const realInstant =
    instant !== null &&
    !Number.isNaN(instant.getTime()) &&
    instant.toISOString().slice(0, 19) === at.slice(0, 19);
  if (!realInstant || !UUID.test(id)) {
    throw validationFailed(fieldError('cursor', 'cursor', 'cursor must come from a previous page'));
  }
  return [at, id];
}
