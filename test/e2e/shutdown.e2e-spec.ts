import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { seedOrganization, DEMO_PASSWORD } from '../../db/seeds/demo-organization';
import { freePort } from '../../libs/infra/free-port';
import { startNodeProcess, type NodeProcess } from '../../libs/infra/node-process';
import { TestStack } from '../support/test-stack';

const root = resolve(__dirname, '..', '..');

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

/**
 * The compiled API as production runs it (`node dist/apps/api/src/main.js`), SIGTERMed while a
 * request is in flight: a login whose body is still being uploaded. It also exports its traces
 * by OTLP/HTTP to a collector stub here, which shows the HTTP and SQL spans that jest cannot.
 */
describe('The API drains on SIGTERM', () => {
  let stack: TestStack;
  let build: string;
  let api: NodeProcess;
  let worker: NodeProcess;
  let port: number;
  let workerPort: number;
  let unitIds: Record<string, string>;
  let taskId: string;
  let collector: Server;
  const spans: OtlpSpan[] = [];

  beforeAll(async () => {
    build = join(root, 'node_modules', '.cache', `giaoviec-shutdown-${process.pid}`);
    execFileSync(
      join(root, 'node_modules', '.bin', 'swc'),
      [
        'apps',
        'libs',
        'workflows',
        'db',
        '-d',
        build,
        '--copy-files',
        '-q',
        '--ignore',
        'apps/web/**',
      ],
      { cwd: root, stdio: 'pipe' },
    );
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    const collectorPort = (collector.address() as { port: number }).port;

    stack = await TestStack.start({ worker: false });
    ({ unitIds } = await seedOrganization(stack.api));
    [port, workerPort] = await Promise.all([freePort(), freePort()]);
    const env = {
      ...process.env,
      ...stack.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      WEB_DIST_DIR: '',
      SHUTDOWN_GRACE_MS: '20000',
      WORKER_HTTP_PORT: String(workerPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
    };
    [api, worker] = await Promise.all([
      startNodeProcess({ name: 'API', script: join(build, 'apps/api/src/main.js'), env }),
      startNodeProcess({ name: 'worker', script: join(build, 'apps/worker/src/main.js'), env }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await stack?.close();
    collector?.close();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  const connectTo = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  const readAll = (socket: Socket) =>
    new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.once('close', () => resolve(text));
    });

  const call = async (path: string, token: string | null, body?: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('runs a task through the compiled API and worker (the trace checked below)', async () => {
    const login = await call('/auth/login', null, {
      username: 'chutich',
      password: DEMO_PASSWORD,
    });
    const token = login.body.accessToken as string;
    const created = await call('/tasks', token, {
      title: 'Vết qua hai tiến trình',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
      dueDate: '2030-12-31',
    });
    expect(created.status).toBe(201);
    taskId = created.body.id;
    // Cancelled: the workflow ends, so its run span ends and is exported.
    const cancelled = await call(`/tasks/${taskId}/cancel`, token, { reason: 'Kiểm thử' });
    expect(cancelled.status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${workerPort}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
    await stack.eventually(async () => {
      const [row] = await stack.db.query(`SELECT status FROM tasks WHERE id = $1`, [taskId]);
      return row?.status === 'cancelled';
    });
  });

  it('refuses new connections, finishes the request in flight with 200, then exits 0', async () => {
    const body = JSON.stringify({ username: 'chutich', password: DEMO_PASSWORD });
    const socket = await connectTo();
    const answer = readAll(socket);
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: in-flight-1\r\n\r\n`,
    );
    const half = Math.floor(body.length / 2);
    socket.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 300));

    process.kill(api.pid!, 'SIGTERM');
    // The listener closes at once: a new connection is refused while the old one is served.
    await new Promise((r) => setTimeout(r, 500));
    await expect(connectTo()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    let exitedEarly = false;
    void api.exited.then(() => (exitedEarly = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(exitedEarly).toBe(false);

    socket.write(body.slice(half));
    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/\r\nx-request-id: in-flight-1\r\n/i);
    expect(response).toContain('"accessToken"');
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });

  it('drains the worker on SIGTERM: exits 0', async () => {
    process.kill(worker.pid!, 'SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('exported one trace from POST /tasks through the workflow to the activity and its SQL', () => {
    const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;
    const start = spans.find(
      (s) =>
        s.name.startsWith('UpdateWithStartWorkflow:') &&
        attr(s, 'temporalWorkflowId')?.stringValue === `task-${taskId}`,
    );
    expect(start).toBeDefined();
    const trace = spans.filter((s) => s.traceId === start!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const server = byId.get(start!.parentSpanId!);
    expect(server).toMatchObject({ kind: 2 });
    expect(attr(server!, 'http.target')?.stringValue).toBe('/api/v1/tasks');
    const run = trace.find((s) => s.name === 'RunWorkflow:taskLifecycle');
    expect(run?.parentSpanId).toBe(start!.spanId);
    const activity = trace.find((s) => s.name === 'RunActivity:recordAssignment');
    expect(activity).toBeDefined();
    // SQL run by the activity in the worker, below the activity's span.
    const sqlOfActivity = trace.filter(
      (s) =>
        attr(s, 'db.system')?.stringValue === 'postgresql' && s.parentSpanId === activity!.spanId,
    );
    expect(sqlOfActivity.length).toBeGreaterThan(0);
  });

  it('exported, on its way out, the request’s trace: the HTTP server span with its SQL below it', () => {
    const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;
    const server = spans.find(
      (s) => s.kind === 2 && attr(s, 'http.target')?.stringValue === '/api/v1/auth/login',
    );
    expect(server).toBeDefined();
    const sql = spans.filter(
      (s) => s.traceId === server!.traceId && attr(s, 'db.system')?.stringValue === 'postgresql',
    );
    expect(sql.length).toBeGreaterThan(0);
    const ids = new Set(spans.filter((s) => s.traceId === server!.traceId).map((s) => s.spanId));
    expect(sql.every((s) => s.parentSpanId && ids.has(s.parentSpanId))).toBe(true);
  });
});
