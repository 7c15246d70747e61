import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TaskSettingsService } from '../../libs/tasks/task-settings.service';
import type { TaskLifecycleInput } from '../../workflows/task/task.messages';
import { taskPersistedUpdate, taskUpdates } from '../../workflows/task/task.messages';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/**
 * Input the API would refuse, sent straight to the workflows (as a script or an older API
 * could): the workflow rejects it, or the database refuses it once and the workflow says so —
 * never a write retried for ever — and the task keeps working.
 */
describe('Task workflows that cannot be wedged by their input', () => {
  let stack: TestStack;
  let temporal: Client;
  let connection: Connection;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let admin: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    [leader, manager, admin] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'admin'].map((u) => stack.login(u)),
    );
    connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection });
  });
  afterAll(async () => {
    await connection.close();
    await stack.close();
  });

  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  const historyLength = async (workflowId: string) =>
    (await temporal.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;

  it('rejects NUL text and a reference the database refuses, then completes the task normally', async () => {
    const { body: task } = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Nhiệm vụ nhận dữ liệu xấu',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: dayFromToday(20),
      })
      .expect(201);
    const handle = temporal.workflow.getHandle(task.workflow.workflowId);

    await expect(
      handle.executeUpdate(taskUpdates.reportProgress, {
        args: [{ actorId: userIds['skhdt.giamdoc'], percent: 10, note: 'a\u0000b' }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'INVALID_PAYLOAD' } });

    // Passes the state machine, but the unit does not exist: a foreign key refuses it once.
    const before = await historyLength(task.workflow.workflowId);
    const refused = await handle
      .executeUpdate(taskUpdates.reassign, {
        args: [{ actorId: userIds.chutich, leadUnitId: randomUUID(), reason: 'Thử' }],
      })
      .then(
        () => null,
        (error: { cause?: { type?: string } }) => error.cause?.type,
      );
    // A foreign key or a NOT NULL on the unit's path, depending on which the write meets first.
    expect(['REFERENCE_NOT_FOUND', 'INVALID_DATA']).toContain(refused);
    // One activity attempt, not a retry loop: a handful of events, not hundreds.
    expect((await historyLength(task.workflow.workflowId)) - before).toBeLessThan(30);

    await act(manager, task.id, 'accept').expect(200);
    await act(manager, task.id, 'submit', { result: 'Đã xong' }).expect(200);
    await act(leader, task.id, 'approve').expect(200);
    const [row] = await stack.db.query(
      'SELECT status, version, lead_unit_id FROM tasks WHERE id = $1',
      [task.id],
    );
    expect(row).toEqual({ status: 'completed', version: 4, lead_unit_id: unitIds.SKHDT });
  });

  it('answers a refused assignment at once, ends its workflow failed and lists it for operators', async () => {
    const id = randomUUID();
    const input: TaskLifecycleInput = {
      task: {
        id,
        code: null,
        title: 'Nhiệm vụ thuộc kế hoạch không tồn tại',
        description: null,
        source: 'ubnd_tinh',
        sourceDocument: null,
        sourceDocumentDate: null,
        assignerId: userIds.chutich,
        assigningUnitId: unitIds.UBND,
        leadUnitId: unitIds.SKHDT,
        coordinatingUnitIds: [],
        watcherIds: [],
        reviewerIds: [],
        assigneeId: null,
        parentTaskId: null,
        planId: randomUUID(),
        priority: 'normal',
        area: null,
        attachments: [],
        dueDate: dayFromToday(10),
        assignedAt: new Date().toISOString(),
      },
      settings: stack.api.get(TaskSettingsService).forTask(),
    };
    const started = Date.now();
    await expect(
      temporal.workflow.executeUpdateWithStart(taskPersistedUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation('taskLifecycle', {
          taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
          workflowId: `task-${id}`,
          workflowIdConflictPolicy: 'FAIL',
          args: [input],
        }),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    const handle = temporal.workflow.getHandle(`task-${id}`);
    expect((await handle.describe()).status.name).toBe('FAILED');
    await expect(handle.result()).rejects.toMatchObject({
      cause: { type: 'REFERENCE_NOT_FOUND' },
    });

    const listed = await stack.eventually(async () => {
      const { body } = await stack.http
        .get('/api/v1/operations/failing-task-workflows')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      return (body as { workflowId: string; reason: string; taskId: string | null }[]).find(
        (w) => w.workflowId === `task-${id}`,
      );
    }, 20_000);
    expect(listed).toMatchObject({ status: 'FAILED', taskId: null });
    expect(listed!.reason).toMatch(/refused by the database \(23503/);
    await stack.http
      .get('/api/v1/operations/failing-task-workflows')
      .set('Authorization', `Bearer ${leader}`)
      .expect(403);
  });
});
