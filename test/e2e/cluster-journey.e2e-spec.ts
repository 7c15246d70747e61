import { ClusterStack } from '../support/cluster-stack';
import { dayFromToday } from '../support/dates';

/**
 * The production topology (Temporal server on PostgreSQL, two APIs, two workers as processes):
 * a task assigned and worked through API 1 is approved through API 2, and every process answers
 * /metrics.
 */
describe('The production topology serves one task journey across two APIs', () => {
  let cluster: ClusterStack;

  beforeAll(async () => {
    cluster = await ClusterStack.start();
  }, 600_000);
  afterAll(() => cluster?.stop(), 120_000);

  it('assigns and works a task through API 1 and approves it through API 2', async () => {
    const [leader1, manager1] = [
      await cluster.login(0, 'chutich'),
      await cluster.login(0, 'skhdt.giamdoc'),
    ];
    const leader2 = await cluster.login(1, 'chutich');
    const [skhdt] = await cluster.sql<{ id: string }>(`SELECT id FROM units WHERE code = 'SKHDT'`);

    const created = await cluster.call(0, 'POST', '/api/v1/tasks', leader1, {
      title: 'Rà soát thủ tục hành chính trên cụm Temporal',
      source: 'ubnd_tinh',
      leadUnitId: skhdt.id,
      dueDate: dayFromToday(10),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.workflow.state).toMatchObject({ status: 'assigned' });

    for (const [action, body] of [
      ['accept', {}],
      ['progress', { percent: 60, note: 'Đã rà soát 30/51 TTHC' }],
      ['submit', { result: 'Đã hoàn thành rà soát', outputDocument: '15/BC-SKHDT' }],
    ] as const) {
      const r = await cluster.call(0, 'POST', `/api/v1/tasks/${id}/${action}`, manager1, body);
      expect([action, r.status]).toEqual([action, 200]);
    }
    // Another process, same workflow: the state lives in Temporal, not in an API's memory.
    const seen = await cluster.call(1, 'GET', `/api/v1/tasks/${id}`, leader2);
    expect(seen.body).toMatchObject({ status: 'submitted' });
    const approved = await cluster.call(1, 'POST', `/api/v1/tasks/${id}/approve`, leader2, {
      note: 'Đồng ý',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'completed', timeliness: 'completed_early' });

    const [row] = await cluster.sql<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [
      id,
    ]);
    expect(row.status).toBe('completed');
    const history = await cluster.call(0, 'GET', `/api/v1/tasks/${id}/history`, leader1);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual([
      'assign',
      'accept',
      'reportProgress',
      'submitResult',
      'approve',
    ]);
  });

  it('answers /health and /metrics on both APIs and both workers', async () => {
    for (const api of [0, 1]) {
      expect((await cluster.call(api, 'GET', '/health')).status).toBe(200);
    }
    for (const url of cluster.workerUrls) {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      // The SDK's own worker metrics, next to GiaoViec's.
      expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
      expect(metrics).toMatch(/^process_resident_memory_bytes /m);
    }
  });
});
