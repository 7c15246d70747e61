import { seedOrganization } from '../../db/seeds/demo-organization';
import { WorkingCalendar } from '../../libs/calendar/working-calendar';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/** One calendar day lasts DAY_MS here, so a week of reminders plays out in seconds. */
const DAY_MS = 1000;

/**
 * A due date at least 4 days ahead whose "3 days before" is a working day: on a weekend that
 * reminder moves to the previous working day (docs/domain.md §3), which may be already past.
 */
function dueWithWorkingBefore3(): string {
  const calendar = new WorkingCalendar();
  let n = 4;
  while (!calendar.isWorkingDay(dayFromToday(n - 3))) n++;
  return dayFromToday(n);
}
describe('Reminders and escalation run inside the task workflow', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let leader: string;
  let manager: string;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        TASK_DAY_LENGTH_MS: String(DAY_MS),
        TASK_REMINDER_DAYS_BEFORE: '3,1',
        TASK_REMINDER_HOUR: '8',
      },
    });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    [leader, manager] = await Promise.all([stack.login('chutich'), stack.login('skhdt.giamdoc')]);
  });
  afterAll(() => stack.close());

  const assign = async (dueDate: string, extra: object = {}) =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Báo cáo CCHC quý',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate,
          ...extra,
        })
        .expect(201)
    ).body;
  const reminders = async (taskId: string) =>
    (await stack.db.query(
      `SELECT kind, due_date::text AS due, escalated, recipient_ids AS recipients,
              extract(epoch FROM sent_at - scheduled_at) AS lag
       FROM task_reminders WHERE task_id = $1 ORDER BY scheduled_at`,
      [taskId],
    )) as { kind: string; due: string; escalated: boolean; recipients: string[]; lag: number }[];
  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  it('fires 3 and 1 days before, on the due day and after it, escalating once overdue, and stops at completion', async () => {
    const task = await assign(dueWithWorkingBefore3());
    const fired = await stack.eventually(async () => {
      const rows = await reminders(task.id);
      return rows.length >= 4 ? rows : null;
    });
    expect(fired!.map((r) => [r.kind, r.escalated])).toEqual([
      ['before_3', false],
      ['before_1', false],
      ['due_day', false],
      ['overdue_1', true],
    ]);
    expect(fired![0].recipients).toEqual([userIds['skhdt.giamdoc']]);
    expect(fired![3].recipients.sort()).toEqual([userIds['skhdt.giamdoc'], userIds.chutich].sort());
    expect(Math.max(...fired!.map((r) => Number(r.lag)))).toBeLessThan(2);

    const inbox = await stack.http
      .get('/api/v1/notifications')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    const titles = inbox.body.items
      .filter((n: { taskId: string }) => n.taskId === task.id)
      .map((n: { title: string }) => n.title);
    expect(titles.some((t: string) => t.includes('Quá hạn'))).toBe(true);

    await act(manager, task.id, 'submit', {
      result: 'Đã gửi báo cáo',
      explanation: 'Chờ số liệu của các phòng',
    }).expect(200);
    await act(leader, task.id, 'approve').expect(200);
    const after = (await reminders(task.id)).length;
    // The next overdue reminder (7 days after the first) would fall within this wait.
    await new Promise((resolve) => setTimeout(resolve, 8 * DAY_MS));
    expect((await reminders(task.id)).length).toBe(after);
    const [row] = await stack.db.query('SELECT explanation, status FROM tasks WHERE id = $1', [
      task.id,
    ]);
    expect(row).toEqual({ explanation: 'Chờ số liệu của các phòng', status: 'completed' });
  });

  it('reschedules reminders for the new due date after an approved extension', async () => {
    const original = dueWithWorkingBefore3();
    const task = await assign(original);
    await stack.eventually(async () => (await reminders(task.id)).length >= 1);

    const extended = dayFromToday(10);
    await act(manager, task.id, 'extension-requests', {
      newDueDate: extended,
      reason: 'Chờ ý kiến của Bộ',
    }).expect(200);
    const decided = await act(leader, task.id, 'extension-decision', { approve: true }).expect(200);
    expect(decided.body).toMatchObject({
      dueDate: extended,
      originalDueDate: original,
      extensionsApproved: 1,
    });

    const rows = await stack.eventually(async () => {
      const all = await reminders(task.id);
      return all.some((r) => r.due === extended) ? all : null;
    });
    expect(rows!.map((r) => [r.kind, r.due])).toEqual([
      ['before_3', original],
      ['before_3', extended],
    ]);
    const second = await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(20),
      reason: 'x',
    }).expect(409);
    expect(second.body.code).toBe('EXTENSION_LIMIT_REACHED');
    await act(leader, task.id, 'cancel', { reason: 'Không còn phù hợp' }).expect(200);
  });

  it('sends a reminder that fell due while the assignment waited for a worker', async () => {
    // The API stores the assignment through the workflow, so with no worker the request waits;
    // the reminder one day before falls due (2⅓ days after the assignment) while it does.
    await stack.stopWorker();
    const pending = stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Rà soát thủ tục hành chính',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: dayFromToday(3),
        reminderDaysBefore: [1],
      })
      .then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 2.8 * DAY_MS));
    await stack.startWorker();
    const res = await pending;
    expect(res.status).toBe(201);
    const rows = await stack.eventually(async () => {
      const all = await reminders(res.body.id);
      return all.length >= 2 ? all : null;
    });
    expect(rows!.slice(0, 2).map((r) => [r.kind, r.due])).toEqual([
      ['before_1', dayFromToday(3)],
      ['due_day', dayFromToday(3)],
    ]);
    await act(leader, res.body.id, 'cancel', { reason: 'Kết thúc kiểm thử' }).expect(200);
  });

  it('sends a reminder that fell due while the worker was down exactly once after the restart', async () => {
    const task = await assign(dayFromToday(3), { reminderDaysBefore: [1] });
    await stack.stopWorker();
    await new Promise((resolve) => setTimeout(resolve, 3.5 * DAY_MS));
    expect(await reminders(task.id)).toEqual([]);

    await stack.startWorker();
    const rows = await stack.eventually(async () => {
      const all = await reminders(task.id);
      return all.length >= 2 ? all : null;
    });
    expect(rows!.slice(0, 2).map((r) => r.kind)).toEqual(['before_1', 'due_day']);
    await act(leader, task.id, 'cancel', { reason: 'Kết thúc kiểm thử' }).expect(200);
    const notes = await stack.db.query(
      `SELECT split_part(dedupe_key, ':', 3) AS kind, count(*)::int AS n FROM notifications
       WHERE task_id = $1 AND dedupe_key LIKE 'reminder:%' GROUP BY 1 ORDER BY 1`,
      [task.id],
    );
    expect(notes.filter((n: { kind: string }) => n.kind !== 'overdue_1')).toEqual([
      { kind: 'before_1', n: 1 },
      { kind: 'due_day', n: 1 },
    ]);
  });
});
