import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayFinished } from '../support/workflow-histories';

/** One calendar day lasts DAY_MS here, so a week of reminders plays out in seconds. */
const DAY_MS = 2000;

/**
 * Reminder settings an administrator saves reach the task workflows already running
 * (issue 12; docs/decisions/0020-live-settings.md), and new tasks start with them.
 */
describe('Live reminder settings', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let admin: string;
  let leader: string;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        TASK_DAY_LENGTH_MS: String(DAY_MS),
        TASK_REMINDER_DAYS_BEFORE: '7',
        TASK_REMINDER_HOUR: '8',
        TASK_OVERDUE_FIRST_AFTER_DAYS: '1',
        TASK_OVERDUE_REPEAT_DAYS: '30',
      },
    });
    ({ unitIds } = await seedOrganization(stack.api));
    [admin, leader] = await Promise.all([stack.login('admin'), stack.login('chutich')]);
  });
  afterAll(() => stack.close());

  const assign = async (dueDate: string, extra: object = {}) =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Báo cáo kết quả CCHC',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate,
          ...extra,
        })
        .expect(201)
    ).body as { id: string; workflow: { workflowId: string } };
  /** Reminders recorded, with how many (shortened) days before the due date each was scheduled. */
  const reminders = async (taskId: string) =>
    (await stack.db.query(
      `SELECT kind, due_date::text AS due, extract(epoch FROM scheduled_at) * 1000 AS at
       FROM task_reminders WHERE task_id = $1 ORDER BY scheduled_at`,
      [taskId],
    )) as { kind: string; due: string; at: string }[];
  const notificationsPerReminder = async (taskId: string) =>
    (await stack.db.query(
      `SELECT split_part(dedupe_key, ':', 3) AS kind, count(DISTINCT dedupe_key)::int AS keys,
              count(*)::int AS rows
       FROM notifications WHERE task_id = $1 AND dedupe_key LIKE 'reminder:%'
       GROUP BY 1 ORDER BY 1`,
      [taskId],
    )) as { kind: string; keys: number; rows: number }[];
  const put = (token: string, body: object) =>
    stack.http.put('/api/v1/settings/reminders').set('Authorization', `Bearer ${token}`).send(body);

  it('answers the configured defaults until an administrator saves, and only to administrators', async () => {
    const res = await stack.http
      .get('/api/v1/settings/reminders')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(res.body).toEqual({
      daysBefore: [7],
      hour: 8,
      firstOverdueAfterDays: 1,
      overdueRepeatDays: 30,
      version: 0,
      updatedAt: null,
      signalledTasks: 0,
    });
    const refused = await put(leader, {
      daysBefore: [3],
      hour: 8,
      firstOverdueAfterDays: 1,
      overdueRepeatDays: 7,
    }).expect(403);
    expect(refused.body.statusCode).toBe(403);
    await stack.http
      .get('/api/v1/settings/reminders')
      .set('Authorization', `Bearer ${leader}`)
      .expect(403);
  });

  it('refuses an invalid policy naming each field', async () => {
    const res = await put(admin, {
      daysBefore: [3, 0],
      hour: 24,
      firstOverdueAfterDays: 1,
      overdueRepeatDays: 0,
    }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect([...new Set(fields)].sort()).toEqual(['daysBefore', 'hour', 'overdueRepeatDays']);
    const [{ n }] = await stack.db.query('SELECT count(*)::int AS n FROM live_settings');
    expect(n).toBe(0);
  });

  it('re-plans a running task with the new offsets, never sending a reminder twice, and new tasks start with them', async () => {
    // Due in 8 days: under the defaults the only reminder before the due date is 7 days before.
    const running = await assign(dayFromToday(8));
    const first = await stack.eventually(async () => {
      const rows = await reminders(running.id);
      return rows.length > 0 ? rows : null;
    });
    expect(first!.map((r) => r.kind)).toEqual(['before_7']);

    // 7 is kept (already sent: not again), 5 and 3 are new; overdue from the 2nd day.
    const saved = await put(admin, {
      daysBefore: [3, 7, 5],
      hour: 8,
      firstOverdueAfterDays: 2,
      overdueRepeatDays: 30,
    }).expect(200);
    expect(saved.body).toMatchObject({
      daysBefore: [7, 5, 3],
      firstOverdueAfterDays: 2,
      version: expect.any(Number),
      signalledTasks: 1,
    });
    expect(saved.body.version).toBeGreaterThan(0);
    const after = await stack.http
      .get('/api/v1/settings/reminders')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(after.body).toMatchObject({ daysBefore: [7, 5, 3], version: saved.body.version });

    // A task assigned now starts with the saved offsets: due in 6 days, its first is 5 before.
    const fresh = await assign(dayFromToday(6));

    const rows = await stack.eventually(async () => {
      const all = await reminders(running.id);
      return all.some((r) => r.kind === 'overdue_2') ? all : null;
    }, 60_000);
    expect(rows!.map((r) => r.kind)).toEqual([
      'before_7',
      'before_5',
      'before_3',
      'due_day',
      'overdue_2',
    ]);
    // Spaced by the offsets' distances, in (shortened) days.
    const at = rows!.map((r) => Number(r.at));
    expect(at.slice(1).map((t, i) => Math.round((t - at[i]) / DAY_MS))).toEqual([2, 2, 3, 2]);
    expect((await notificationsPerReminder(running.id)).every((n) => n.keys === 1)).toBe(true);

    const freshFirst = await stack.eventually(async () => {
      const all = await reminders(fresh.id);
      return all.length > 0 ? all : null;
    });
    expect(freshFirst![0].kind).toBe('before_5');

    await stack.http
      .post(`/api/v1/tasks/${running.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' })
      .expect(200);
    await stack.http
      .post(`/api/v1/tasks/${fresh.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' })
      .expect(200);
    // The history of a run before and after the signal replays with today's code.
    await replayFinished(stack, running.workflow.workflowId, 'task-lifecycle-live-settings');
  });

  it("keeps a task's own offsets through a change", async () => {
    const own = await assign(dayFromToday(30), { reminderDaysBefore: [20] });
    await put(admin, {
      daysBefore: [25],
      hour: 8,
      firstOverdueAfterDays: 1,
      overdueRepeatDays: 30,
    }).expect(200);
    // Its 20-days-before reminder still comes (at day 10), not one 25 days before (day 5).
    const rows = await stack.eventually(async () => {
      const all = await reminders(own.id);
      return all.length > 0 ? all : null;
    }, 40_000);
    expect(rows!.map((r) => r.kind)).toEqual(['before_20']);
    await stack.http
      .post(`/api/v1/tasks/${own.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' })
      .expect(200);
  });
});
