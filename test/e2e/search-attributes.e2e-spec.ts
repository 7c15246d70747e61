import type { Client } from '@temporalio/client';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TEMPORAL_CLIENT } from '../../libs/temporal/temporal-client.module';
import { TestStack } from '../support/test-stack';

/**
 * People find task workflows in the Temporal UI by status, lead unit, due date and source, and see
 * each one's title (issue 12). Visibility is eventually consistent: queries are polled.
 */
describe('Task workflows are findable by search attributes and show their title', () => {
  let stack: TestStack;
  let temporal: Client;
  let unitIds: Record<string, string>;
  let leader: string;
  let manager: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    temporal = stack.api.get<Client>(TEMPORAL_CLIENT);
    [leader, manager] = await Promise.all([stack.login('chutich'), stack.login('skhdt.giamdoc')]);
  });
  afterAll(() => stack.close());

  const assign = async (title: string, leadUnit: string, dueDate: string, source = 'ubnd_tinh') =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({ title, source, leadUnitId: unitIds[leadUnit], dueDate })
        .expect(201)
    ).body as { id: string; workflow: { workflowId: string } };
  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .expect(200);

  /** Workflow ids of this file's task queue matching `query`, once they equal `expected`. */
  const find = async (query: string, expected: string[]) => {
    const scoped = `TaskQueue = '${stack.env.TEMPORAL_TASK_QUEUE}' AND ${query}`;
    let found: string[] = [];
    await stack.eventually(async () => {
      found = [];
      for await (const w of temporal.workflow.list({ query: scoped })) found.push(w.workflowId);
      found.sort();
      return JSON.stringify(found) === JSON.stringify([...expected].sort());
    }, 30_000);
    return found;
  };

  it('finds tasks by lead unit, status, due date and source as they change', async () => {
    const a = await assign('Rà soát thủ tục hành chính năm 2027', 'SKHDT', '2030-03-31');
    const b = await assign(
      'Báo cáo đầu tư công quý I',
      'SKHDT',
      '2030-06-30',
      'chu_tich_ubnd_tinh',
    );
    const c = await assign('Kiện toàn tổ chức bộ máy', 'SNV', '2030-03-31');
    const [wa, wb, wc] = [a, b, c].map((t) => t.workflow.workflowId);

    expect(await find(`GvLeadUnit = 'SKHDT' AND GvStatus = 'assigned'`, [wa, wb])).toEqual(
      [wa, wb].sort(),
    );
    await act(manager, a.id, 'accept');
    expect(await find(`GvLeadUnit = 'SKHDT' AND GvStatus = 'in_progress'`, [wa])).toEqual([wa]);
    expect(await find(`GvLeadUnit = 'SKHDT' AND GvStatus = 'assigned'`, [wb])).toEqual([wb]);

    // Reassignment moves the task to the other unit's list.
    await act(leader, b.id, 'reassign', { leadUnitId: unitIds.SNV, reason: 'Đúng chức năng' });
    expect(await find(`GvLeadUnit = 'SNV'`, [wb, wc])).toEqual([wb, wc].sort());
    expect(await find(`GvLeadUnit = 'SKHDT'`, [wa])).toEqual([wa]);

    // Due date: the end of the day in Vietnam (16:59:59Z); an approved extension moves it.
    expect(
      await find(`GvDueDate > '2030-03-31T16:00:00Z' AND GvDueDate < '2030-03-31T17:00:00Z'`, [
        wa,
        wc,
      ]),
    ).toEqual([wa, wc].sort());
    await act(manager, a.id, 'extension-requests', {
      newDueDate: '2030-04-30',
      reason: 'Chờ số liệu',
    });
    await act(leader, a.id, 'extension-decision', { approve: true });
    expect(await find(`GvDueDate > '2030-04-01T00:00:00Z'`, [wa, wb])).toEqual([wa, wb].sort());
    expect(await find(`GvSource = 'chu_tich_ubnd_tinh'`, [wb])).toEqual([wb]);

    // The workflow closes with its final status.
    await act(leader, c.id, 'cancel', { reason: 'Không còn phù hợp' });
    expect(await find(`GvStatus = 'cancelled'`, [wc])).toEqual([wc]);
    expect(await find(`GvLeadUnit = 'SNV' AND ExecutionStatus = 'Running'`, [wb])).toEqual([wb]);
  });

  it('shows the task title as the summary of its workflow', async () => {
    const title = 'Triển khai Kế hoạch 389/KH-UBND về chuyển đổi số';
    const task = await assign(title, 'STP', '2030-09-30');
    const described = await temporal.workflow.getHandle(task.workflow.workflowId).describe();
    expect(await described.staticSummary()).toBe(title);
    expect(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([
        ['GvStatus', 'assigned'],
        ['GvLeadUnit', 'STP'],
        ['GvSource', 'ubnd_tinh'],
        ['GvDueDate', new Date('2030-09-30T23:59:59+07:00')],
      ]),
    );
  });
});
