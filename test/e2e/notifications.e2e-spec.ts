import { ConfigService } from '@nestjs/config';
import type { Client } from '@temporalio/client';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { seedOrganization } from '../../db/seeds/demo-organization';
import type { Environment } from '../../libs/config/environment';
import { ENTITIES } from '../../libs/database/entities';
import { MailerService } from '../../libs/notifications/mailer.service';
import { NotificationActivities } from '../../libs/notifications/notification.activities';
import { Notification } from '../../libs/notifications/notification.entity';
import { TEMPORAL_CLIENT } from '../../libs/temporal/temporal-client.module';
import { dailyDigestWorkflowId } from '../../workflows/digest/daily-digest.messages';
import { TestStack } from '../support/test-stack';

interface Mail {
  to: string;
  raw: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) of a header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function subjectOf(raw: string): string {
  const match = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw);
  return decodeHeader((match?.[1] ?? '').replace(/\r?\n[ \t]/g, ' '));
}

/** The text body, undoing quoted-printable or base64 transfer encoding. */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head))
    return Buffer.from(body, 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

describe('Notifications reach the inbox and a real SMTP server', () => {
  let stack: TestStack;
  let smtp: SMTPServer;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let admin: string;
  const mails: Mail[] = [];
  let rejectMail = false;
  let smtpPort: number;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          if (rejectMail) return callback(new Error('Mailbox unavailable'));
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    stack = await TestStack.start({
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        MAIL_FROM: 'giaoviec@dongthap.gov.vn',
      },
    });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    await stack.db.query(`UPDATE users SET email = username || '@dongthap.gov.vn'`);
    [leader, manager, admin] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'admin'].map((u) => stack.login(u)),
    );
  });
  afterAll(async () => {
    await stack.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  /** The worker's notification activities, built by hand, mailing through the test's SMTP server. */
  const activities = (smtpHost = '127.0.0.1') =>
    new NotificationActivities(
      stack.db,
      new MailerService(
        new ConfigService({
          SMTP_HOST: smtpHost,
          SMTP_PORT: smtpPort,
          SMTP_SECURE: false,
          MAIL_FROM: 'giaoviec@dongthap.gov.vn',
        }) as unknown as ConfigService<Environment, true>,
      ),
    );
  const notice = (dedupeKey: string, ...usernames: string[]) => ({
    dedupeKey,
    userIds: usernames.map((u) => userIds[u]),
    kind: 'test_notice',
    title: `Quá hạn 2 ngày – Báo cáo công tác cải cách hành chính (${dedupeKey})`,
    body: 'Đơn vị chủ trì: Sở Nội vụ\nHạn xử lý: 31/03/2030',
  });
  const emailStatus = async (id: string) =>
    (await stack.db.query(`SELECT email_status FROM notifications WHERE id = $1`, [id]))[0]
      .email_status;

  const assign = async (title: string, dueDate?: string) =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({ title, source: 'ubnd_tinh', leadUnitId: unitIds.SKHDT, dueDate })
        .expect(201)
    ).body;

  it('e-mails the lead unit’s manager a new task with a Vietnamese subject and body', async () => {
    const task = await assign('Xây dựng Sổ tay hướng dẫn đăng ký doanh nghiệp', '2030-05-31');
    const mail = await stack.eventually(
      async () => mails.find((m) => subjectOf(m.raw).includes('Sổ tay')) ?? null,
    );
    expect(mail!.to).toBe('skhdt.giamdoc@dongthap.gov.vn');
    expect(subjectOf(mail!.raw)).toBe(
      'Nhiệm vụ mới được giao: Xây dựng Sổ tay hướng dẫn đăng ký doanh nghiệp',
    );
    expect(bodyOf(mail!.raw)).toContain('Đơn vị chủ trì: Sở Kế hoạch và Đầu tư');
    expect(bodyOf(mail!.raw)).toContain('Hạn xử lý: 31/05/2030');
    // The activity marks the row once the SMTP server has answered: the mail may arrive first.
    const row = await stack.eventually(async () => {
      const [r] = await stack.db.query(
        `SELECT email_status, count(*) OVER ()::int AS n FROM notifications WHERE task_id = $1`,
        [task.id],
      );
      return r?.email_status === 'pending' ? null : r;
    });
    expect(row).toEqual({ email_status: 'sent', n: 1 });
  });

  it('keeps the task moving and the notification pending while the mail server refuses', async () => {
    rejectMail = true;
    const task = await assign('Cập nhật Trang thông tin điện tử của Sở', '2030-06-30');
    const row = await stack.eventually(async () => {
      const [r] = await stack.db.query(
        `SELECT email_status FROM notifications WHERE task_id = $1`,
        [task.id],
      );
      return r ?? null;
    });
    expect(row).toEqual({ email_status: 'pending' });
    await stack.http
      .post(`/api/v1/tasks/${task.id}/accept`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    rejectMail = false;
    const sent = await stack.eventually(async () => {
      const [r] = await stack.db.query(
        `SELECT email_status FROM notifications WHERE task_id = $1 AND email_status = 'sent'`,
        [task.id],
      );
      return r ?? null;
    });
    expect(sent).toEqual({ email_status: 'sent' });
    expect(mails.filter((m) => subjectOf(m.raw).includes('Cập nhật Trang')).length).toBe(1);
  });

  it('lists only the caller’s notifications, counts unread ones and marks them read', async () => {
    const mine = await stack.http
      .get('/api/v1/notifications?limit=1')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.nextCursor).not.toBeNull();
    const page2 = await stack.http
      .get(`/api/v1/notifications?limit=1&cursor=${mine.body.nextCursor}`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(page2.body.items[0].id).not.toBe(mine.body.items[0].id);

    const before = (
      await stack.http
        .get('/api/v1/notifications/unread-count')
        .set('Authorization', `Bearer ${manager}`)
        .expect(200)
    ).body.count;
    expect(before).toBeGreaterThanOrEqual(2);
    const read = await stack.http
      .post(`/api/v1/notifications/${mine.body.items[0].id}/read`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(read.body.readAt).not.toBeNull();
    const after = (
      await stack.http
        .get('/api/v1/notifications/unread-count')
        .set('Authorization', `Bearer ${manager}`)
        .expect(200)
    ).body.count;
    expect(after).toBe(before - 1);

    const others = await stack.http
      .post(`/api/v1/notifications/${mine.body.items[0].id}/read`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(404);
    expect(others.body.code).toBe('NOTIFICATION_NOT_FOUND');
    const all = await stack.http
      .post('/api/v1/notifications/read-all')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(all.body.updated).toBe(after);
    const unread = await stack.http
      .get('/api/v1/notifications?unreadOnly=true')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(unread.body.items).toEqual([]);
  });

  it('sends each unit leader one daily digest of due-soon and overdue tasks, however often it is triggered', async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await assign('Báo cáo kết quả tự kiểm tra', soon);
    const first = await stack.http
      .post(`/api/v1/digests/${today}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(202);
    const second = await stack.http
      .post(`/api/v1/digests/${today}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(202);
    expect([first.body.started, second.body.started]).toEqual([true, false]);
    // The digest records one leader at a time: wait for the whole run, not for its first row.
    await stack.api
      .get<Client>(TEMPORAL_CLIENT)
      .workflow.getHandle(dailyDigestWorkflowId(today))
      .result();
    const digests = await stack.db.query(
      `SELECT user_id, body FROM notifications WHERE kind = 'daily_digest'`,
    );
    expect(digests.map((d: { user_id: string }) => d.user_id).sort()).toEqual(
      [userIds['skhdt.giamdoc'], userIds.chutich].sort(),
    );
    for (const d of digests) expect(d.body).toContain('Báo cáo kết quả tự kiểm tra');
    await stack.http
      .post(`/api/v1/digests/${today}`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(403);
  });

  it('records one notification per user and event, however often the activity is retried', async () => {
    await stack.db.query(`UPDATE users SET email = NULL WHERE username = 'vp.theodoi'`);
    try {
      const input = notice('test:record-once', 'snv.giamdoc', 'snv.giamdoc', 'vp.theodoi');
      const first = await activities().recordNotifications(input);
      const again = await activities().recordNotifications(input);
      const rows = await stack.db.query(
        `SELECT id, user_id, email_status FROM notifications WHERE dedupe_key = $1
         ORDER BY email_status`,
        [input.dedupeKey],
      );
      expect(rows).toEqual([
        { id: expect.any(String), user_id: userIds['vp.theodoi'], email_status: 'none' },
        { id: expect.any(String), user_id: userIds['snv.giamdoc'], email_status: 'pending' },
      ]);
      expect(first).toEqual({ created: 2, emailIds: [rows[1].id] });
      expect(again).toEqual({ created: 0, emailIds: [rows[1].id] });
    } finally {
      await stack.db.query(
        `UPDATE users SET email = 'vp.theodoi@dongthap.gov.vn' WHERE username = 'vp.theodoi'`,
      );
    }
  });

  it('e-mails a pending notification once, in Vietnamese, and nothing more when retried', async () => {
    const input = notice('test:mail-once', 'snv.giamdoc');
    const { emailIds } = await activities().recordNotifications(input);
    expect(await activities().emailNotifications(emailIds)).toEqual({ sent: 1 });
    expect(await activities().emailNotifications(emailIds)).toEqual({ sent: 0 });
    expect(await activities().recordNotifications(input)).toEqual({ created: 0, emailIds: [] });

    const received = mails.filter((m) => subjectOf(m.raw) === input.title);
    expect(received).toHaveLength(1);
    expect(received[0].to).toBe('snv.giamdoc@dongthap.gov.vn');
    expect(bodyOf(received[0].raw)).toContain('Đơn vị chủ trì: Sở Nội vụ\r\nHạn xử lý: 31/03/2030');
    const [row] = await stack.db.query(
      `SELECT email_status, emailed_at FROM notifications WHERE id = $1`,
      emailIds,
    );
    expect(row).toEqual({ email_status: 'sent', emailed_at: expect.any(Date) });
  });

  it('throws while the mail server refuses, so the retry after it still finds the e-mail pending', async () => {
    const input = notice('test:mail-refused', 'snv.giamdoc');
    const { emailIds } = await activities().recordNotifications(input);
    rejectMail = true;
    try {
      await expect(activities().emailNotifications(emailIds)).rejects.toThrow(
        /Mailbox unavailable/,
      );
    } finally {
      rejectMail = false;
    }
    expect(await emailStatus(emailIds[0])).toBe('pending');
    expect(await activities().recordNotifications(input)).toEqual({ created: 0, emailIds });
    expect(await activities().emailNotifications(emailIds)).toEqual({ sent: 1 });
    expect(await emailStatus(emailIds[0])).toBe('sent');
    expect(mails.filter((m) => subjectOf(m.raw) === input.title)).toHaveLength(1);
  });

  it('neither queues e-mail nor marks it sent when SMTP is not configured', async () => {
    const offline = activities('');
    expect(await offline.recordNotifications(notice('test:mail-off', 'snv.giamdoc'))).toEqual({
      created: 1,
      emailIds: [],
    });
    const { emailIds } = await activities().recordNotifications(
      notice('test:mail-off-later', 'snv.giamdoc'),
    );
    expect(await offline.emailNotifications(emailIds)).toEqual({ sent: 0 });
    expect(await emailStatus(emailIds[0])).toBe('pending');
  });

  it('gives up the e-mail of a user whose address was removed after the notification', async () => {
    const input = notice('test:address-removed', 'skhdt.chuyenvien');
    const { emailIds } = await activities().recordNotifications(input);
    await stack.db.query(`UPDATE users SET email = NULL WHERE username = 'skhdt.chuyenvien'`);
    try {
      expect(await activities().emailNotifications(emailIds)).toEqual({ sent: 0 });
      expect(await emailStatus(emailIds[0])).toBe('none');
    } finally {
      await stack.db.query(
        `UPDATE users SET email = 'skhdt.chuyenvien@dongthap.gov.vn' WHERE username = 'skhdt.chuyenvien'`,
      );
    }
  });

  it('pages through notifications created within the same millisecond without skipping any', async () => {
    const user = userIds['snv.giamdoc'];
    await stack.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, dedupe_key, created_at)
       SELECT $1, 'test_notice', 'Thông báo ' || n, 'Nội dung', 'test:page:' || n,
              timestamptz '2099-01-01 00:00:00.123456+00' - n * interval '100 microseconds'
       FROM generate_series(0, 2) n`,
      [user],
    );
    const expected = (
      await stack.db.query(
        `SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 3`,
        [user],
      )
    ).map((r: { id: string }) => r.id);
    const token = await stack.login('snv.giamdoc');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } =
        await stack.http
          .get('/api/v1/notifications')
          .query({ limit: 1, ...(cursor ? { cursor } : {}) })
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 3);
    expect(seen).toEqual(expected);
  });

  it('answers a cursor that no page gave out with a 400 naming the cursor', async () => {
    const id = userIds.admin;
    const forged = [
      '2030-01-01T00:00:00.000000Z|not-a-uuid',
      `2030|${id}`,
      `2030-02-30T00:00:00.000000Z|${id}`,
      `2030-13-45T00:00:00.000000Z|${id}`,
      `0000-01-01T00:00:00.000000Z|${id}`,
      'nonsense',
    ];
    for (const text of forged) {
      const res = await stack.http
        .get('/api/v1/notifications')
        .query({ cursor: Buffer.from(text).toString('base64url') })
        .set('Authorization', `Bearer ${manager}`);
      expect({ text, status: res.status }).toEqual({ text, status: 400 });
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'cursor', rule: 'cursor' }],
      });
    }
  });

  it('declares the notifications table in TypeORM exactly as the migration creates it', async () => {
    const source = await new DataSource({
      type: 'postgres',
      url: stack.env.DATABASE_URL,
      entities: [...ENTITIES, Notification],
    }).initialize();
    try {
      const { upQueries } = await source.driver.createSchemaBuilder().log();
      expect(upQueries.map((q) => q.query).filter((q) => q.includes('notifications'))).toEqual([]);
    } finally {
      await source.destroy();
    }
  });
});
