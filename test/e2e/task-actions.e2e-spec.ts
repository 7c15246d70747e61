import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

describe('Extensions, reassignment, explanations, sub-tasks and cancellation over HTTP', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let specialist: string;
  let snvManager: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    [leader, manager, specialist, snvManager] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc'].map((u) => stack.login(u)),
    );
  });
  afterAll(() => stack.close());

  const assign = async (body: object, token = leader) =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${token}`)
        .send({
          title: 'Nhiệm vụ kiểm thử',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          ...body,
        })
        .expect(201)
    ).body;
  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
  const history = async (id: string) =>
    (
      await stack.http
        .get(`/api/v1/tasks/${id}/history`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body as {
      action: string;
      actorId: string;
      fromStatus: string;
      toStatus: string;
      data: Record<string, unknown>;
    }[];

  it('stores every field of a task, canonicalising the source document symbol', async () => {
    const task = await assign({
      code: 'NV-2025-001',
      description: 'Triển khai Kế hoạch 389/KH-UBND',
      sourceDocument: '389/KH-UBND',
      sourceDocumentDate: '2023-12-25',
      coordinatingUnitIds: [unitIds.SNV],
      watcherIds: [userIds['vp.theodoi']],
      assigneeId: userIds['skhdt.chuyenvien'],
      priority: 'high',
      area: 'tthc',
      attachments: [{ name: 'Kế hoạch', url: 'https://vanban.example.gov.vn/389.pdf' }],
      dueDate: dayFromToday(30),
    });
    expect(task).toMatchObject({
      code: 'NV-2025-001',
      sourceDocument: '389/KH-UBND',
      sourceDocumentDate: '2023-12-25',
      coordinatingUnitIds: [unitIds.SNV],
      watcherIds: [userIds['vp.theodoi']],
      assigneeId: userIds['skhdt.chuyenvien'],
      priority: 'high',
      area: 'tthc',
      attachments: [{ name: 'Kế hoạch', url: 'https://vanban.example.gov.vn/389.pdf' }],
    });
    // The coordinating unit sees it; a duplicate code from the same unit is refused.
    await stack.http
      .get(`/api/v1/tasks/${task.id}`)
      .set('Authorization', `Bearer ${snvManager}`)
      .expect(200);
    const dup = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({ code: 'NV-2025-001', title: 'x', source: 'ubnd_tinh', leadUnitId: unitIds.SKHDT })
      .expect(409);
    expect(dup.body.code).toBe('TASK_CODE_TAKEN');
    const bad = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'x',
        source: 'khong_co',
        leadUnitId: unitIds.SKHDT,
        sourceDocument: 'ba lăng nhăng',
      })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'source',
      'sourceDocument',
    ]);
  });

  it('lets the lead unit ask once for more time before the deadline and the assigner decide', async () => {
    const task = await assign({ dueDate: dayFromToday(5) });
    await act(specialist, task.id, 'extension-requests', {
      newDueDate: dayFromToday(15),
      reason: 'x',
    }).expect(403);
    await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(15),
      reason: 'Chờ số liệu',
    }).expect(200);
    await act(manager, task.id, 'extension-decision', { approve: true }).expect(403);
    const rejected = await act(leader, task.id, 'extension-decision', {
      approve: false,
      note: 'Không đồng ý',
    }).expect(200);
    expect(rejected.body).toMatchObject({
      dueDate: dayFromToday(5),
      pendingExtension: null,
      extensionsApproved: 0,
    });

    await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(12),
      reason: 'Lần hai',
    }).expect(200);
    const approved = await act(leader, task.id, 'extension-decision', { approve: true }).expect(
      200,
    );
    expect(approved.body).toMatchObject({
      dueDate: dayFromToday(12),
      originalDueDate: dayFromToday(5),
      extensionsApproved: 1,
    });
    const again = await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(20),
      reason: 'Lần ba',
    }).expect(409);
    expect(again.body.code).toBe('EXTENSION_LIMIT_REACHED');
    expect((await history(task.id)).map((e) => e.action)).toEqual([
      'assign',
      'requestExtension',
      'decideExtension',
      'requestExtension',
      'decideExtension',
    ]);
  });

  it('refuses an extension once the due date has passed, and takes the explanation instead', async () => {
    const task = await assign({ dueDate: dayFromToday(-2) });
    expect(task.timeliness).toBe('overdue');
    const late = await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(5),
      reason: 'x',
    }).expect(409);
    expect(late.body.code).toBe('EXTENSION_AFTER_DEADLINE');
    const explained = await act(manager, task.id, 'explanation', {
      explanation: 'Chưa nhận được hướng dẫn của Bộ',
    }).expect(200);
    expect(explained.body.explanation).toBe('Chưa nhận được hướng dẫn của Bộ');
    const early = await assign({ dueDate: dayFromToday(3) });
    const notLate = await act(manager, early.id, 'explanation', { explanation: 'x' }).expect(409);
    expect(notLate.body.code).toBe('TASK_NOT_LATE');
  });

  it('moves a task to another lead unit, whose manager then acts on it', async () => {
    const task = await assign({ dueDate: dayFromToday(10) });
    await act(manager, task.id, 'reassign', { leadUnitId: unitIds.SNV, reason: 'x' }).expect(403);
    const moved = await act(leader, task.id, 'reassign', {
      leadUnitId: unitIds.SNV,
      reason: 'Đúng chức năng của Sở Nội vụ',
    }).expect(200);
    expect(moved.body.leadUnit.code).toBe('SNV');
    await act(snvManager, task.id, 'accept').expect(200);
    await stack.http
      .get(`/api/v1/tasks/${task.id}`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(403);
    const same = await act(leader, task.id, 'reassign', {
      leadUnitId: unitIds.SNV,
      reason: 'x',
    }).expect(409);
    expect(same.body.code).toBe('SAME_LEAD_UNIT');
  });

  it('splits a task into sub-tasks only for units under the lead unit, each with its own workflow', async () => {
    const parent = await assign({ dueDate: dayFromToday(20) });
    const sub = await stack.http
      .post(`/api/v1/tasks/${parent.id}/subtasks`)
      .set('Authorization', `Bearer ${manager}`)
      .send({
        title: 'Phần việc của Phòng ĐKKD',
        source: 'noi_bo',
        leadUnitId: unitIds['SKHDT-DKKD'],
        dueDate: dayFromToday(15),
      })
      .expect(201);
    expect(sub.body).toMatchObject({
      parentTaskId: parent.id,
      leadUnit: { code: 'SKHDT-DKKD' },
      assigningUnit: { code: 'SKHDT' },
    });
    expect(sub.body.workflow.workflowId).not.toBe(parent.workflow.workflowId);
    const outside = await stack.http
      .post(`/api/v1/tasks/${parent.id}/subtasks`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ title: 'Sai đơn vị', source: 'noi_bo', leadUnitId: unitIds.SNV })
      .expect(403);
    expect(outside.body.code).toBe('OUTSIDE_SCOPE');
    const children = await stack.http
      .get(`/api/v1/tasks?parentTaskId=${parent.id}`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(children.body.items.map((t: { id: string }) => t.id)).toEqual([sub.body.id]);
  });

  it('cancels with a reason and then refuses every action with TASK_CANCELLED', async () => {
    const task = await assign({ dueDate: dayFromToday(10) });
    await act(manager, task.id, 'cancel', { reason: 'x' }).expect(403);
    await act(leader, task.id, 'cancel', {}).expect(400);
    const cancelled = await act(leader, task.id, 'cancel', { reason: 'Không còn phù hợp' }).expect(
      200,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', timeliness: null });
    for (const [action, body] of [
      ['accept', {}],
      ['submit', { result: 'x' }],
      ['extension-requests', { newDueDate: dayFromToday(30), reason: 'x' }],
    ] as const) {
      const res = await act(manager, task.id, action, body).expect(409);
      expect(res.body.code).toBe('TASK_CANCELLED');
    }
    const events = await history(task.id);
    expect(events[events.length - 1]).toMatchObject({
      action: 'cancel',
      actorId: userIds.chutich,
      fromStatus: 'assigned',
      toStatus: 'cancelled',
      data: { reason: 'Không còn phù hợp' },
    });
  });

  it('notifies the lead unit of a new task and the assigner of a submitted result, in Vietnamese', async () => {
    const task = await assign({
      title: 'Ban hành kế hoạch tự kiểm tra',
      dueDate: dayFromToday(10),
    });
    await act(manager, task.id, 'submit', { result: 'Đã ban hành 332/KH-SKHDT' }).expect(200);
    const inbox = async (token: string) =>
      (
        await stack.http
          .get('/api/v1/notifications')
          .set('Authorization', `Bearer ${token}`)
          .expect(200)
      ).body.items.filter((n: { taskId: string }) => n.taskId === task.id);
    const managerInbox = await stack.eventually(async () =>
      (await inbox(manager)).length ? inbox(manager) : null,
    );
    expect(managerInbox[0].title).toBe('Nhiệm vụ mới được giao: Ban hành kế hoạch tự kiểm tra');
    const leaderInbox = await stack.eventually(async () =>
      (await inbox(leader)).length ? inbox(leader) : null,
    );
    expect(leaderInbox[0]).toMatchObject({
      title: 'Đơn vị báo cáo kết quả, chờ duyệt: Ban hành kế hoạch tự kiểm tra',
    });
    expect(leaderInbox[0].body).toContain('Kết quả: Đã ban hành 332/KH-SKHDT');
  });
});
