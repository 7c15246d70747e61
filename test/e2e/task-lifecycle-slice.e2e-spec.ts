import { taskWorkflowId } from '../../workflows/task/task.messages';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';

describe('A task assigned by a leader and completed by the lead unit, over HTTP', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let specialist: string;
  let otherManager: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    [leader, manager, specialist, otherManager] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc'].map((u) => stack.login(u)),
    );
  });
  afterAll(() => stack.close());

  const assign = (token: string, body: Record<string, unknown>) =>
    stack.http.post('/api/v1/tasks').set('Authorization', `Bearer ${token}`).send(body);
  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
  const taskCount = async () =>
    (await stack.db.query('SELECT count(*)::int AS n FROM tasks'))[0].n as number;

  it('stores the assigned task through its workflow and shows the live workflow state', async () => {
    const res = await assign(leader, {
      title: 'Ban hành Kế hoạch CCHC năm 2025',
      source: 'chu_tich_ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      dueDate: '2030-01-15',
    }).expect(201);

    expect(res.body).toMatchObject({
      title: 'Ban hành Kế hoạch CCHC năm 2025',
      status: 'assigned',
      dueDate: '2030-01-15',
      leadUnit: { code: 'SKHDT' },
      assigningUnit: { code: 'UBND' },
      timeliness: 'in_progress',
      workflow: {
        workflowId: taskWorkflowId(res.body.id),
        state: { status: 'assigned', version: 1 },
      },
    });
    const [row] = await stack.db.query(
      'SELECT status, due_date::text AS due FROM tasks WHERE id = $1',
      [res.body.id],
    );
    expect(row).toEqual({ status: 'assigned', due: '2030-01-15' });
  });

  it('walks accept → submit → approve, records the submission time as completion and keeps the history', async () => {
    const { body: task } = await assign(leader, {
      title: 'Rà soát thủ tục hành chính',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      dueDate: '2030-03-01',
    }).expect(201);

    await act(manager, task.id, 'accept').expect(200);
    await act(specialist, task.id, 'progress', {
      percent: 40,
      note: 'Đã rà soát 20/51 TTHC',
    }).expect(403);
    await act(manager, task.id, 'progress', { percent: 60 }).expect(200);
    const submitted = await act(manager, task.id, 'submit', {
      result: 'Đã ban hành Kế hoạch',
      outputDocument: '102/KH-SKHDT',
    }).expect(200);
    expect(submitted.body.status).toBe('submitted');
    const submittedAt = submitted.body.workflow.state.submittedAt;

    const approved = await act(leader, task.id, 'approve', { note: 'Đồng ý' }).expect(200);
    expect(approved.body).toMatchObject({
      status: 'completed',
      progressPercent: 100,
      timeliness: 'completed_early',
    });
    expect(new Date(approved.body.completedAt).toISOString()).toBe(submittedAt);

    const history = await stack.http
      .get(`/api/v1/tasks/${task.id}/history`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(
      history.body.map((e: { action: string; toStatus: string }) => [e.action, e.toStatus]),
    ).toEqual([
      ['assign', 'assigned'],
      ['accept', 'in_progress'],
      ['reportProgress', 'in_progress'],
      ['submitResult', 'submitted'],
      ['approve', 'completed'],
    ]);
    expect(history.body[3].data).toEqual({
      result: 'Đã ban hành Kế hoạch',
      outputDocument: '102/KH-SKHDT',
    });
  });

  it('rejects actions in the wrong state with 409 and a stable code, writing nothing', async () => {
    const { body: task } = await assign(leader, {
      title: 'Cập nhật danh mục TTHC',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
    }).expect(201);

    const early = await act(leader, task.id, 'approve').expect(409);
    expect(early.body).toEqual({
      statusCode: 409,
      code: 'TASK_INVALID_TRANSITION',
      message: expect.stringContaining('approve'),
      details: [],
    });
    await act(manager, task.id, 'submit', { result: 'Xong' }).expect(200);
    await act(leader, task.id, 'approve').expect(200);
    const late = await act(manager, task.id, 'accept').expect(409);
    expect(late.body.code).toBe('TASK_ALREADY_COMPLETED');
    const [{ n }] = await stack.db.query(
      'SELECT count(*)::int AS n FROM task_events WHERE task_id = $1',
      [task.id],
    );
    expect(n).toBe(3);
  });

  it('answers 403 for another unit’s task and for assigning outside one’s scope', async () => {
    const { body: task } = await assign(leader, {
      title: 'Nhiệm vụ của Sở KH&ĐT',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
    }).expect(201);

    const seen = await stack.http
      .get(`/api/v1/tasks/${task.id}`)
      .set('Authorization', `Bearer ${otherManager}`)
      .expect(403);
    expect(seen.body.code).toBe('OUTSIDE_SCOPE');
    await act(otherManager, task.id, 'accept').expect(403);

    const before = await taskCount();
    const outside = await assign(otherManager, {
      title: 'Giao sang Sở khác',
      source: 'noi_bo',
      leadUnitId: unitIds.SKHDT,
    }).expect(403);
    expect(outside.body.code).toBe('OUTSIDE_SCOPE');
    await assign(specialist, {
      title: 'x',
      source: 'noi_bo',
      leadUnitId: unitIds['SKHDT-TH'],
    }).expect(403);
    expect(await taskCount()).toBe(before);
    const [{ version }] = await stack.db.query('SELECT version FROM tasks WHERE id = $1', [
      task.id,
    ]);
    expect(version).toBe(1);
  });

  it('rejects a missing, extra or wrongly typed field with 400 naming the field, writing nothing', async () => {
    const before = await taskCount();
    const missing = await assign(leader, { source: 'ubnd_tinh', leadUnitId: unitIds.SKHDT }).expect(
      400,
    );
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(missing.body.details).toContainEqual(
      expect.objectContaining({ field: 'title', rule: 'isString' }),
    );

    const extra = await assign(leader, {
      title: 'x',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      mucDo: 'cao',
    }).expect(400);
    expect(extra.body.details).toContainEqual(
      expect.objectContaining({ field: 'mucDo', rule: 'unknownField' }),
    );

    const wrongType = await assign(leader, {
      title: 'x',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      dueDate: '2025-02-30',
    }).expect(400);
    expect(wrongType.body.details).toContainEqual(expect.objectContaining({ field: 'dueDate' }));

    const unknownUnit = await assign(leader, {
      title: 'x',
      source: 'ubnd_tinh',
      leadUnitId: '00000000-0000-4000-8000-000000000000',
    }).expect(400);
    expect(unknownUnit.body.details).toContainEqual(
      expect.objectContaining({ field: 'leadUnitId' }),
    );
    expect(await taskCount()).toBe(before);
  });

  it('assigns many tasks in one bulk call, all or nothing', async () => {
    const bulk = (token: string, tasks: object[]) =>
      stack.http.post('/api/v1/tasks/bulk').set('Authorization', `Bearer ${token}`).send({ tasks });
    const item = (n: number, extra: object = {}) => ({
      title: `Nhiệm vụ hàng loạt ${n}`,
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      dueDate: '2030-03-31',
      ...extra,
    });
    const before = await taskCount();

    const invalid = await bulk(leader, [item(1), item(2, { dueDate: '31/03/2030' })]).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.details).toContainEqual(
      expect.objectContaining({ field: 'tasks.1.dueDate', rule: 'matches' }),
    );
    const unknownUnit = await bulk(leader, [
      item(1),
      item(2, { leadUnitId: '00000000-0000-4000-8000-000000000000' }),
    ]).expect(400);
    expect(unknownUnit.body.details).toEqual([
      expect.objectContaining({ field: 'tasks.1.leadUnitId', rule: 'exists' }),
    ]);
    const outside = await bulk(otherManager, [
      item(1, { leadUnitId: unitIds.SNV }),
      item(2),
    ]).expect(403);
    expect(outside.body).toMatchObject({
      code: 'OUTSIDE_SCOPE',
      details: [expect.objectContaining({ field: 'tasks.1', rule: 'OUTSIDE_SCOPE' })],
    });
    const twice = await bulk(leader, [
      item(1, { code: 'HL-01' }),
      item(2, { code: 'HL-01' }),
    ]).expect(409);
    expect(twice.body.details[0]).toMatchObject({ field: 'tasks.1', rule: 'TASK_CODE_TAKEN' });
    await bulk(leader, []).expect(400);
    expect(await taskCount()).toBe(before);

    const ok = await bulk(leader, [item(1), item(2), item(3, { code: 'HL-03' })]).expect(201);
    expect(
      ok.body.items.map((t: { title: string; status: string }) => [t.title, t.status]),
    ).toEqual([
      ['Nhiệm vụ hàng loạt 1', 'assigned'],
      ['Nhiệm vụ hàng loạt 2', 'assigned'],
      ['Nhiệm vụ hàng loạt 3', 'assigned'],
    ]);
    expect(await taskCount()).toBe(before + 3);
    const ids = ok.body.items.map((t: { id: string }) => t.id);
    const events = await stack.db.query(
      `SELECT task_id, action FROM task_events WHERE task_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual(['assign', 'assign', 'assign']);
    // Each is a live workflow: the lead unit takes the third one up.
    const accepted = await act(manager, ids[2], 'accept').expect(200);
    expect(accepted.body).toMatchObject({ code: 'HL-03', status: 'in_progress' });
  });

  it('answers 404 for an unknown task id, 400 for a malformed id or body and 401 without a token', async () => {
    const missing = await stack.http
      .get('/api/v1/tasks/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${leader}`)
      .expect(404);
    expect(missing.body.code).toBe('TASK_NOT_FOUND');
    await stack.http
      .get('/api/v1/tasks/not-a-uuid')
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
    const anonymous = await stack.http.get('/api/v1/tasks').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const before = await taskCount();
    const malformed = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .set('Content-Type', 'application/json')
      .send('{"title": "Thiếu dấu ngoặc"')
      .expect(400);
    expect(malformed.body).toMatchObject({
      code: 'MALFORMED_JSON',
      details: [{ field: 'body', rule: 'json' }],
    });
    expect(await taskCount()).toBe(before);
  });

  it('lists only the tasks in the caller’s scope, newest first, with keyset pagination', async () => {
    await assign(leader, {
      title: 'Nhiệm vụ Sở Nội vụ',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SNV,
    }).expect(201);
    const mine = await stack.http
      .get('/api/v1/tasks?limit=2')
      .set('Authorization', `Bearer ${otherManager}`)
      .expect(200);
    expect(mine.body.items.map((t: { leadUnit: { code: string } }) => t.leadUnit.code)).toEqual([
      'SNV',
    ]);

    const page1 = await stack.http
      .get('/api/v1/tasks?limit=2')
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await stack.http
      .get(`/api/v1/tasks?limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    const ids = [...page1.body.items, ...page2.body.items].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = (
      await stack.db.query('SELECT id FROM tasks ORDER BY assigned_at DESC, id DESC LIMIT 4')
    ).map((r: { id: string }) => r.id);
    expect(ids).toEqual(all);
  });
});
