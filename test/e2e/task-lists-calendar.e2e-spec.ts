import { seedOrganization } from '../../db/seeds/demo-organization';
import { vnDateOf } from '../../libs/domain/dates';
import { classifyTimeliness } from '../../libs/domain/timeliness';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

describe('Task lists, dashboard counts and the working-day calendar', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await TestStack.start({ env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    ({ unitIds } = await seedOrganization(stack.api));
    [leader, manager, admin] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'admin'].map((u) => stack.login(u)),
    );
    const make = async (key: string, body: object) => {
      const res = await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({ source: 'ubnd_tinh', leadUnitId: unitIds.SKHDT, ...body })
        .expect(201);
      ids[key] = res.body.id;
    };
    await make('overdue', { title: 'Rà soát TTHC lĩnh vực đầu tư', dueDate: dayFromToday(-3) });
    await make('soon', { title: 'Cập nhật quy trình nội bộ', dueDate: dayFromToday(2) });
    await make('none', { title: 'Tuyên truyền CCHC', source: 'chu_tich_ubnd_tinh' });
    await make('snv', {
      title: 'Rà soát biên chế',
      leadUnitId: unitIds.SNV,
      dueDate: dayFromToday(9),
    });
    await make('done', { title: 'Số hóa hồ sơ', dueDate: dayFromToday(5) });
    const act = (id: string, action: string, token: string, body: object = {}) =>
      stack.http
        .post(`/api/v1/tasks/${id}/${action}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body)
        .expect(200);
    await act(ids.done, 'submit', manager, { result: 'Xong' });
    await act(ids.done, 'approve', leader);
  });
  afterAll(() => stack.close());

  const list = async (query: string, token = leader) =>
    (
      await stack.http
        .get(`/api/v1/tasks?${query}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body;
  const titles = (body: { items: { title: string }[] }) => body.items.map((t) => t.title).sort();

  it('filters by timeliness class, overdue only, source, text, unit subtree and due range', async () => {
    expect(titles(await list('timeliness=overdue'))).toEqual(['Rà soát TTHC lĩnh vực đầu tư']);
    expect(titles(await list('overdueOnly=true'))).toEqual(['Rà soát TTHC lĩnh vực đầu tư']);
    expect(titles(await list('timeliness=completed_early'))).toEqual(['Số hóa hồ sơ']);
    expect(titles(await list('timeliness=no_deadline'))).toEqual(['Tuyên truyền CCHC']);
    expect(titles(await list('source=chu_tich_ubnd_tinh'))).toEqual(['Tuyên truyền CCHC']);
    expect(titles(await list(`q=${encodeURIComponent('rà soát')}`))).toEqual([
      'Rà soát TTHC lĩnh vực đầu tư',
      'Rà soát biên chế',
    ]);
    expect(titles(await list(`unitId=${unitIds.SNV}`))).toEqual(['Rà soát biên chế']);
    expect(titles(await list(`dueFrom=${dayFromToday(0)}&dueTo=${dayFromToday(6)}`))).toEqual([
      'Cập nhật quy trình nội bộ',
      'Số hóa hồ sơ',
    ]);
    expect(titles(await list('status=completed'))).toEqual(['Số hóa hồ sơ']);
    const bad = await stack.http
      .get('/api/v1/tasks?timeliness=late&limit=0')
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'limit',
      'timeliness',
    ]);
  });

  it('agrees in SQL and in code on every task’s timeliness class', async () => {
    const all = await list('limit=200');
    for (const t of all.items) {
      const expected = classifyTimeliness(
        {
          dueDate: t.dueDate,
          completedOn: t.completedAt ? vnDateOf(new Date(t.completedAt)) : null,
        },
        vnDateOf(new Date()),
      );
      expect(t.timeliness).toBe(expected);
      expect(titles(await list(`timeliness=${expected}`))).toContain(t.title);
    }
  });

  it('sorts by due date with undated tasks last and pages without gaps', async () => {
    const page1 = await list('sort=dueDate&limit=3');
    const page2 = await list(`sort=dueDate&limit=3&cursor=${page1.nextCursor}`);
    const dues = [...page1.items, ...page2.items].map((t: { dueDate: string | null }) => t.dueDate);
    expect(dues).toEqual([
      dayFromToday(-3),
      dayFromToday(2),
      dayFromToday(5),
      dayFromToday(9),
      null,
    ]);
    expect(page2.nextCursor).toBeNull();
  });

  it('counts by status and timeliness within the caller’s scope and role', async () => {
    const all = (
      await stack.http
        .get('/api/v1/tasks/counts')
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body;
    expect(all).toEqual({
      total: 5,
      byStatus: { assigned: 4, completed: 1 },
      byTimeliness: { overdue: 1, in_progress: 2, no_deadline: 1, completed_early: 1 },
    });
    const mine = (
      await stack.http
        .get('/api/v1/tasks/counts?myRole=lead')
        .set('Authorization', `Bearer ${manager}`)
        .expect(200)
    ).body;
    expect(mine.total).toBe(4);
  });

  it('computes Tết, Giỗ Tổ and 2/9 holidays and lets an admin overlay the announced days', async () => {
    const y2026 = (
      await stack.http
        .get('/api/v1/calendar/2026')
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body;
    const dates = y2026.holidays.map((h: { date: string }) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-02-17',
        '2026-04-26',
        '2026-04-30',
        '2026-05-01',
        '2026-09-02',
      ]),
    );

    await stack.http
      .put('/api/v1/calendar/overrides/2026-02-23')
      .set('Authorization', `Bearer ${leader}`)
      .send({ kind: 'holiday' })
      .expect(403);
    await stack.http
      .put('/api/v1/calendar/overrides/2026-02-23')
      .set('Authorization', `Bearer ${admin}`)
      .send({ kind: 'holiday', name: 'Nghỉ Tết Nguyên đán (theo thông báo)' })
      .expect(200);
    const after = (
      await stack.http
        .get('/api/v1/calendar/2026')
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body;
    expect(after.overrides).toEqual([
      { date: '2026-02-23', kind: 'holiday', name: 'Nghỉ Tết Nguyên đán (theo thông báo)' },
    ]);
    expect(after.holidays.map((h: { date: string }) => h.date)).toContain('2026-02-23');

    const bad = await stack.http
      .put('/api/v1/calendar/overrides/2026-02-30')
      .set('Authorization', `Bearer ${admin}`)
      .send({ kind: 'holiday' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('date');
    await stack.http
      .delete('/api/v1/calendar/overrides/2026-03-02')
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
  });

  it('turns "N working days" into a due date that skips weekends and holidays', async () => {
    const res = await stack.http
      .get('/api/v1/calendar/working-days?from=2026-02-13&days=1')
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    // Friday 13/02/2026, then the weekend, Tết (16–20/02) and the overlaid Monday 23/02.
    expect(res.body.date).toBe('2026-02-24');
    const task = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Hạn theo ngày làm việc',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueInWorkingDays: 10,
      })
      .expect(201);
    const expected = await stack.http
      .get(`/api/v1/calendar/working-days?from=${vnDateOf(new Date())}&days=10`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(task.body.dueDate).toBe(expected.body.date);
    const both = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'x',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueInWorkingDays: 3,
        dueDate: '2030-01-01',
      })
      .expect(400);
    expect(both.body.details[0].field).toBe('dueInWorkingDays');
  });
});
