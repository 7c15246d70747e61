import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { symbols } from 'pino';
import { TemporalWorkerService } from '../../apps/worker/src/temporal-worker.service';
import { WorkerHttpService } from '../../apps/worker/src/worker-http.service';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/** Seconds of a calendar day here: the task's reminders fire within the test. */
const DAY_MS = 1000;
const METRICS_TOKEN = 'metrics-token-0123456789';

/**
 * The API and the worker run in this one process here, so they share the process's registry:
 * each assertion names the endpoint an SRE would scrape for that metric in production.
 */
describe('Metrics, request ids and log context', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let leader: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        WORKER_HTTP_PORT: '0',
        METRICS_TOKEN,
        LOG_LEVEL: 'debug',
        TASK_DAY_LENGTH_MS: String(DAY_MS),
        TASK_REMINDER_DAYS_BEFORE: '1',
      },
    });
    // Every line the app logs from here on, parsed (pino's children share the root's stream).
    (PinoLogger.root as unknown as Record<symbol, unknown>)[symbols.streamSym] = {
      write: (line: string) => logLines.push(JSON.parse(line)),
    };
    ({ unitIds } = await seedOrganization(stack.api));
    leader = await stack.login('chutich');
  });
  afterAll(() => stack.close());

  const workerUrl = (path: string) =>
    `http://127.0.0.1:${stack.worker!.get(WorkerHttpService).port}${path}`;
  const apiMetrics = async () =>
    (
      await stack.http
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200)
        .expect('content-type', /text\/plain/)
    ).text;
  const workerMetrics = async () => {
    const res = await fetch(workerUrl('/metrics'), {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The value of one sample line, 0 when absent. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };
  const assign = async (dueDate: string) =>
    stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .set('X-Request-Id', `assign-${randomUUID()}`)
      .send({ title: 'Báo cáo quan sát', source: 'ubnd_tinh', leadUnitId: unitIds.SKHDT, dueDate })
      .expect(201);

  it('labels HTTP latency by route pattern, method and status, never by raw id', async () => {
    const missing = randomUUID();
    await stack.http.get('/api/v1/units').set('Authorization', `Bearer ${leader}`).expect(200);
    await stack.http
      .get(`/api/v1/tasks/${missing}`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(404);
    await stack.http.get('/api/v1/units').expect(401);

    const text = await apiMetrics();
    expect(
      sample(
        text,
        'giaoviec_http_request_duration_seconds_count{method="GET",route="/api/v1/units",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'giaoviec_http_request_duration_seconds_count{method="GET",route="/api/v1/tasks/:id",status="404"}',
      ),
    ).toBe(1);
    // Refused by the guard: still timed, under its route.
    expect(
      sample(
        text,
        'giaoviec_http_request_duration_seconds_count{method="GET",route="/api/v1/units",status="401"}',
      ),
    ).toBe(1);
    expect(text).toContain(
      'giaoviec_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/units",status="200"}',
    );
    expect(text).not.toContain(missing);
    // prom-client's default process metrics are there too.
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it('requires the METRICS_TOKEN on both /metrics, but not on the worker /health', async () => {
    await stack.http.get('/metrics').expect(401);
    await stack.http.get('/metrics').set('Authorization', 'Bearer wrong-token').expect(401);
    await stack.http.get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
    expect((await fetch(workerUrl('/metrics'))).status).toBe(401);
    const wrong = await fetch(workerUrl('/metrics'), {
      headers: { authorization: 'Bearer wrong-token' },
    });
    expect(wrong.status).toBe(401);
    const health = await fetch(workerUrl('/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
  });

  it('counts transitions and reminders on the worker, with the SDK core’s temporal_ metrics', async () => {
    const before = await workerMetrics();
    const assigned = sample(before, 'giaoviec_task_transitions_total{action="assign"}');
    const sentBefore = sample(before, 'giaoviec_reminders_sent_total{kind="before"}');
    const lagBefore = sample(before, 'giaoviec_reminder_lag_seconds_count');

    const task = (await assign(dayFromToday(2))).body;
    const after = await stack.eventually(async () => {
      const text = await workerMetrics();
      return sample(text, 'giaoviec_reminders_sent_total{kind="before"}') > sentBefore
        ? text
        : null;
    }, 30_000);
    expect(after).toBeTruthy();
    expect(sample(after!, 'giaoviec_task_transitions_total{action="assign"}')).toBe(assigned + 1);
    expect(sample(after!, 'giaoviec_reminder_lag_seconds_count')).toBeGreaterThan(lagBefore);
    // The lag of a reminder just delivered is seconds, not hours.
    expect(sample(after!, 'giaoviec_reminder_lag_seconds_bucket{le="15"}')).toBeGreaterThan(
      lagBefore,
    );
    const [row] = await stack.db.query(
      `SELECT count(*)::int AS n FROM task_reminders WHERE task_id = $1 AND kind = 'before_1'`,
      [task.id],
    );
    expect(row.n).toBe(1);

    // Then the SDK's own worker metrics, from the Rust core's scrape appended to ours.
    expect(after).toMatch(/^temporal_worker_task_slots_available\{.*\} \d+/m);
    expect(after).toMatch(/^temporal_sticky_cache_size\{.*\} \d+/m);
    expect(after).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);

    await stack.http
      .post(`/api/v1/tasks/${task.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' });
  });

  it('times completion report queries on the API, by report', async () => {
    const series = 'giaoviec_report_query_seconds_count{report="completion"}';
    const before = sample(await apiMetrics(), series);
    await stack.http
      .get(`/api/v1/reports/completion?scope=UBND&from=2026-01-01&to=2026-12-31`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(sample(await apiMetrics(), series)).toBe(before + 1);
  });

  it('gives every request an id (the caller’s X-Request-Id or a new one) and echoes it', async () => {
    const given = await stack.http
      .get('/api/v1/units')
      .set('Authorization', `Bearer ${leader}`)
      .set('X-Request-Id', 'req-abc.123')
      .expect(200);
    expect(given.headers['x-request-id']).toBe('req-abc.123');
    const fresh = await stack.http.get('/api/v1/units').set('Authorization', `Bearer ${leader}`);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Not a plausible id (log injection): replaced.
    const odd = await stack.http
      .get('/api/v1/units')
      .set('Authorization', `Bearer ${leader}`)
      .set('X-Request-Id', 'a b"\\c');
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(logLines).toContainEqual(
      expect.objectContaining({ requestId: 'req-abc.123', msg: 'request completed' }),
    );
  });

  it('puts the workflow id on the log lines of a request that starts a workflow, and on activity lines', async () => {
    const requestId = `assign-${randomUUID()}`;
    const res = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .set('X-Request-Id', requestId)
      .send({
        title: 'Nhật ký theo yêu cầu',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: dayFromToday(30),
      })
      .expect(201);
    const workflowId = `task-${res.body.id}`;
    const ofRequest = logLines.filter((l) => l.requestId === requestId);
    expect(ofRequest).toContainEqual(
      // Tasks start with update-with-start (the assignment is its update).
      expect.objectContaining({ workflowId, msg: expect.stringMatching(/^update-with-start /) }),
    );
    // pino-http writes "request completed" on the server's 'finish', which may follow the reply.
    const completed = await stack.eventually(async () =>
      logLines.find((l) => l.requestId === requestId && l.msg === 'request completed'),
    );
    expect(completed).toMatchObject({ workflowId });
    expect(ofRequest.every((l) => (l.req as { id?: string } | undefined)?.id === requestId)).toBe(
      true,
    );
    // The worker's activity lines name the workflow and the run they work for.
    const activityLine = await stack.eventually(async () =>
      logLines.find((l) => l.workflowId === workflowId && typeof l.activityType === 'string'),
    );
    expect(activityLine).toMatchObject({
      workflowId,
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      msg: expect.stringMatching(/^activity \w+ done in \d+ ms$/),
    });
  });

  it('answers 503 on the worker /health once its Temporal worker has stopped', async () => {
    await stack.worker!.get(TemporalWorkerService).stop();
    const health = await fetch(workerUrl('/health'));
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', worker: 'STOPPED' });
  });
});
