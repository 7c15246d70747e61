import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';

describe('A task workflow survives its worker', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let leader: string;
  let manager: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    [leader, manager] = await Promise.all([stack.login('chutich'), stack.login('skhdt.giamdoc')]);
  });
  afterAll(() => stack.close());

  it('completes on a fresh worker an action sent while no worker was running', async () => {
    const { body: task } = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Số hóa hồ sơ TTHC',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: '2030-06-30',
      })
      .expect(201);
    await stack.http
      .post(`/api/v1/tasks/${task.id}/submit`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ result: 'Đã số hóa 51 TTHC' })
      .expect(200);

    await stack.stopWorker();
    const approval = stack.http
      .post(`/api/v1/tasks/${task.id}/approve`)
      .set('Authorization', `Bearer ${leader}`)
      .send({});
    const pending = approval.then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [{ status: whileDown }] = await stack.db.query('SELECT status FROM tasks WHERE id = $1', [
      task.id,
    ]);
    expect(whileDown).toBe('submitted');

    await stack.startWorker();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('completed');
    const [row] = await stack.db.query('SELECT status, version FROM tasks WHERE id = $1', [
      task.id,
    ]);
    expect(row).toEqual({ status: 'completed', version: 3 });

    const { Client, Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    const result = await new Client({ connection }).workflow
      .getHandle(task.workflow.workflowId)
      .result();
    await connection.close();
    expect(result).toMatchObject({ status: 'completed', version: 3 });
  });
});
