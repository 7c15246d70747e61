import { createHmac, randomUUID } from 'node:crypto';
import { seedDemoData } from '../../db/seeds/demo-data';
import { RecurrenceService } from '../../libs/recurrences/recurrence.service';
import { AuthService } from '../../libs/auth/auth.service';
import { InspectionService } from '../../libs/inspections/inspection.service';
import { TaskCommandsService } from '../../libs/tasks/task-commands.service';
import { TestStack } from '../support/test-stack';

/**
 * Every endpoint of the OpenAPI document × every kind of caller, against the demo province.
 * Path ids are real where the demo has the thing (a Sở KH&ĐT task, the province plan 389/KH-UBND,
 * Sở KH&ĐT's unit and specialist, an inspection round of Sở KH&ĐT for reads), random otherwise.
 * Requests are non-destructive: empty or minimal bodies (a 400 proves the guard let the caller
 * through), random ids for inspection writes, and task actions with valid bodies aimed at a
 * cancelled task (its assigner and lead unit get 409, everyone else 403), so each caller's right
 * on the task is decided without changing it.
 */

/** Role callers, in the order of the columns of EXPECTED. */
const ROLE_CALLERS = [
  'admin',
  'chutich',
  'vp.theodoi',
  'skhdt.giamdoc',
  'skhdt.chuyenvien',
  'snv.giamdoc',
] as const;
type RoleCaller = (typeof ROLE_CALLERS)[number];

/** Callers that must never get past the guard of a non-public endpoint. */
const UNAUTHENTICATED = [
  'no token',
  'forged signature',
  'expired',
  'no exp',
  'deactivated user',
] as const;

/**
 * The expected status per endpoint for: admin, chutich (leader, UBND), vp.theodoi (monitor, VPUBND),
 * skhdt.giamdoc (manager, Sở KH&ĐT), skhdt.chuyenvien (specialist, a phòng of Sở KH&ĐT),
 * snv.giamdoc (manager of another Sở). Every unauthenticated caller gets 401, except on the
 * endpoints listed in PUBLIC. An endpoint in OpenAPI without an entry here fails the suite.
 * `AUTHZ_RECORD=1 npx jest … authz-matrix` prints the answers as table lines, to review and paste.
 */
// prettier-ignore
const EXPECTED: Record<string, [number, number, number, number, number, number]> = {
  //                                                admin chutich vp  skhdt.gd skhdt.cv snv.gd
  'POST /api/v1/auth/login':                        [400, 400, 400, 400, 400, 400],
  'GET /api/v1/auth/me':                            [200, 200, 200, 200, 200, 200],
  'POST /api/v1/auth/password':                     [400, 400, 400, 400, 400, 400],
  'GET /api/v1/units':                              [200, 200, 200, 200, 200, 200],
  'POST /api/v1/units':                             [400, 403, 403, 403, 403, 403],
  'GET /api/v1/units/{id}':                         [200, 200, 200, 200, 200, 200],
  'PATCH /api/v1/units/{id}':                       [200, 403, 403, 403, 403, 403],
  'GET /api/v1/users':                              [200, 200, 200, 200, 200, 200],
  'POST /api/v1/users':                             [400, 403, 403, 403, 403, 403],
  'PATCH /api/v1/users/{id}':                       [200, 403, 403, 403, 403, 403],
  'GET /api/v1/calendar/working-days':              [200, 200, 200, 200, 200, 200],
  'GET /api/v1/calendar/{year}':                    [200, 200, 200, 200, 200, 200],
  'PUT /api/v1/calendar/overrides/{date}':          [400, 403, 403, 403, 403, 403],
  'DELETE /api/v1/calendar/overrides/{date}':       [404, 403, 403, 403, 403, 403],
  'GET /api/v1/settings/reminders':                 [200, 403, 403, 403, 403, 403],
  'PUT /api/v1/settings/reminders':                 [400, 403, 403, 403, 403, 403],
  'POST /api/v1/tasks':                             [403, 400, 403, 400, 403, 400],
  'GET /api/v1/tasks':                              [200, 200, 200, 200, 200, 200],
  'POST /api/v1/tasks/bulk':                        [403, 400, 403, 400, 403, 400],
  'GET /api/v1/tasks/counts':                       [200, 200, 200, 200, 200, 200],
  'GET /api/v1/tasks/{id}':                         [200, 200, 200, 200, 403, 403],
  'GET /api/v1/tasks/{id}/history':                 [200, 200, 200, 200, 403, 403],
  'GET /api/v1/tasks/{id}/reminders':               [200, 200, 200, 200, 403, 403],
  'POST /api/v1/tasks/{id}/subtasks':               [403, 403, 403, 400, 403, 400],
  'POST /api/v1/tasks/{id}/accept':                 [403, 403, 403, 409, 403, 403],
  'POST /api/v1/tasks/{id}/progress':               [403, 403, 403, 409, 403, 403],
  'POST /api/v1/tasks/{id}/submit':                 [403, 403, 403, 409, 403, 403],
  'POST /api/v1/tasks/{id}/approve':                [403, 409, 403, 403, 403, 403],
  'POST /api/v1/tasks/{id}/return':                 [403, 409, 403, 403, 403, 403],
  'POST /api/v1/tasks/{id}/extension-requests':     [403, 403, 403, 409, 403, 403],
  'POST /api/v1/tasks/{id}/extension-decision':     [403, 409, 403, 403, 403, 403],
  'POST /api/v1/tasks/{id}/reassign':               [403, 409, 403, 403, 403, 403],
  'POST /api/v1/tasks/{id}/explanation':            [403, 403, 403, 409, 403, 403],
  'POST /api/v1/tasks/{id}/cancel':                 [403, 409, 403, 403, 403, 403],
  'POST /api/v1/tasks/{id}/files':                  [409, 409, 409, 409, 403, 403],
  'GET /api/v1/tasks/{id}/files':                   [200, 200, 200, 200, 403, 403],
  'GET /api/v1/tasks/{id}/files/{fileId}':          [404, 404, 404, 404, 403, 403],
  'DELETE /api/v1/tasks/{id}/files/{fileId}':       [404, 404, 404, 404, 403, 403],
  'POST /api/v1/tasks/{id}/comments':               [201, 201, 201, 201, 403, 403],
  'GET /api/v1/tasks/{id}/comments':                [200, 200, 200, 200, 403, 403],
  'GET /api/v1/tasks/{id}/timeline':                [200, 200, 200, 200, 403, 403],
  'GET /api/v1/task-sources':                       [200, 200, 200, 200, 200, 200],
  'PUT /api/v1/task-sources/{key}':                 [400, 403, 403, 403, 403, 403],
  'GET /api/v1/task-sheets/template.{format}':      [200, 200, 200, 200, 200, 200],
  'GET /api/v1/task-sheets/export.{format}':        [200, 200, 200, 200, 200, 200],
  'POST /api/v1/task-sheets/import':                [403, 400, 403, 400, 403, 400],
  'GET /api/v1/notifications':                      [200, 200, 200, 200, 200, 200],
  'GET /api/v1/notifications/unread-count':         [200, 200, 200, 200, 200, 200],
  'GET /api/v1/operations/failing-task-workflows':  [200, 403, 403, 403, 403, 403],
  'POST /api/v1/notifications/read-all':            [200, 200, 200, 200, 200, 200],
  'POST /api/v1/notifications/{id}/read':           [404, 404, 404, 404, 404, 404],
  'POST /api/v1/digests/{date}':                    [202, 403, 403, 403, 403, 403],
  'GET /api/v1/reports/periods/{type}/{year}':      [200, 200, 200, 200, 200, 200],
  'GET /api/v1/reports/completion':                 [200, 200, 200, 200, 403, 403],
  'GET /api/v1/reports/completion.xlsx':            [200, 200, 200, 200, 403, 403],
  'GET /api/v1/reports/completion.docx':            [200, 200, 200, 200, 403, 403],
  'GET /api/v1/reports/completion/tasks':           [200, 200, 200, 200, 403, 403],
  'POST /api/v1/reports/snapshots':                 [400, 400, 400, 403, 403, 403],
  'GET /api/v1/reports/snapshots':                  [200, 200, 200, 200, 200, 200],
  'GET /api/v1/reports/snapshots/{id}':             [404, 404, 404, 404, 404, 404],
  'POST /api/v1/inspections':                       [403, 400, 403, 400, 403, 400],
  'GET /api/v1/inspections':                        [200, 200, 200, 200, 200, 200],
  'GET /api/v1/inspections/findings':               [200, 200, 200, 200, 200, 200],
  'GET /api/v1/inspections/summary':                [200, 200, 200, 200, 200, 200],
  'GET /api/v1/inspections/{id}':                   [200, 200, 200, 200, 200, 403],
  'GET /api/v1/inspections/{id}/summary':           [200, 200, 200, 200, 200, 403],
  'POST /api/v1/inspections/{id}/notify':           [404, 404, 404, 404, 404, 404],
  'POST /api/v1/inspections/{id}/self-reports':     [400, 400, 400, 400, 400, 400],
  'POST /api/v1/inspections/{id}/inspections':      [400, 400, 400, 400, 400, 400],
  'POST /api/v1/inspections/{id}/conclusion':       [400, 400, 400, 400, 400, 400],
  'POST /api/v1/inspections/{id}/close':            [400, 400, 400, 400, 400, 400],
  'POST /api/v1/documents':                         [403, 400, 400, 400, 403, 400],
  'GET /api/v1/documents':                          [200, 200, 200, 200, 200, 200],
  'POST /api/v1/plans':                             [403, 400, 403, 400, 403, 400],
  'GET /api/v1/plans':                              [200, 200, 200, 200, 200, 200],
  'GET /api/v1/plans/{id}':                         [200, 200, 200, 200, 200, 200],
  'GET /api/v1/plans/{id}/tree':                    [200, 200, 200, 200, 200, 200],
  'POST /api/v1/plans/{id}/items':                  [403, 400, 403, 400, 403, 400],
  'POST /api/v1/plans/{id}/close':                  [403, 400, 403, 400, 403, 400],
  'POST /api/v1/plans/{id}/issue':                  [403, 409, 403, 403, 403, 403],
  'GET /api/v1/recurrences':                        [200, 200, 200, 200, 200, 200],
  'POST /api/v1/recurrences':                       [403, 400, 403, 400, 403, 400],
  'GET /api/v1/recurrences/{id}':                   [200, 200, 200, 200, 404, 200],
  'PATCH /api/v1/recurrences/{id}':                 [403, 409, 403, 403, 403, 403],
  'POST /api/v1/recurrences/{id}/end':              [403, 409, 403, 403, 403, 403],
  'GET /api/v1/recurrences/{id}/occurrences':       [200, 200, 200, 200, 404, 200],
  'POST /api/v1/recurrences/{id}/pause':            [403, 409, 403, 403, 403, 403],
  'POST /api/v1/recurrences/{id}/resume':           [403, 409, 403, 403, 403, 403],
  'GET /health':                                    [200, 200, 200, 200, 200, 200],
  'POST /api/v1/reorganisations':                   [400, 400, 403, 403, 403, 403],
  'GET /api/v1/reorganisations':                    [200, 200, 200, 200, 200, 200],
  'GET /api/v1/reorganisations/{id}':               [404, 404, 404, 404, 404, 404],
  'POST /api/v1/reorganisations/{id}/cancel':       [404, 404, 403, 403, 403, 403],
  'GET /api/v1/units/{id}/names':                   [200, 200, 200, 200, 200, 200],
};

/** Endpoints that need no token: what every caller, authenticated or not, gets. */
const PUBLIC: Record<string, number[]> = {
  'POST /api/v1/auth/login': [400],
  'GET /health': [200, 503],
};

const RECORD = process.env.AUTHZ_RECORD === '1';

function hs256(payload: object, secret: string) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

interface Endpoint {
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  url: string;
  body?: object;
}

describe('Authorization matrix: every OpenAPI endpoint × every caller', () => {
  let stack: TestStack;
  let endpoints: Endpoint[];
  const tokens = {} as Record<RoleCaller | (typeof UNAUTHENTICATED)[number], string | null>;

  beforeAll(async () => {
    stack = await TestStack.start();
    await seedDemoData(stack.api);
    const [ids] = await stack.db.query(`
      SELECT (SELECT id FROM units WHERE code = 'SKHDT') AS unit,
             (SELECT id FROM users WHERE username = 'skhdt.chuyenvien') AS "user",
             (SELECT t.id FROM tasks t JOIN units u ON u.id = t.lead_unit_id
               WHERE u.code = 'SKHDT' AND t.plan_id IS NULL ORDER BY t.created_at LIMIT 1) AS task,
             (SELECT p.id FROM plans p JOIN documents d ON d.id = p.document_id
               WHERE d.symbol = '389/KH-UBND') AS plan`);

    // A cancelled task of Sở KH&ĐT: actions on it are refused (403 or 409) and change nothing.
    const auth = stack.api.get(AuthService);
    const tasks = stack.api.get(TaskCommandsService);
    const chutich = (await auth.loadActor(
      (await stack.db.query(`SELECT id FROM users WHERE username = 'chutich'`))[0].id,
    ))!;
    const cancelled = await tasks.assign(chutich, {
      title: 'Nhiệm vụ đã hủy cho ma trận phân quyền',
      source: 'chu_tich_ubnd_tinh',
      leadUnitId: ids.unit,
      dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    await tasks.perform(chutich, cancelled.id, 'cancel', { reason: 'Không còn cần thiết' });

    // Sở KH&ĐT inspects one of its phòng: reads of the round are scoped like tasks.
    const giamdoc = (await auth.loadActor(
      (await stack.db.query(`SELECT id FROM users WHERE username = 'skhdt.giamdoc'`))[0].id,
    ))!;
    const [{ id: phong }] = await stack.db.query(`SELECT id FROM units WHERE code = 'SKHDT-TH'`);
    const round = await stack.api.get(InspectionService).create(giamdoc, {
      title: 'Tự kiểm tra công tác CCHC năm 2026',
      memberIds: [],
      targets: [{ unitId: phong, plannedDate: '2026-12-15' }],
    });

    // The demo's quarterly report to every Sở (reads), and an ended one: changes to it are
    // refused (403 or 409) and change nothing.
    const recurrences = stack.api.get(RecurrenceService);
    const [{ id: recurrence }] = await stack.db.query(`SELECT id FROM recurrences LIMIT 1`);
    const ended = await recurrences.create(chutich, {
      title: 'Báo cáo đã kết thúc cho ma trận phân quyền',
      source: 'ubnd_tinh',
      rule: { kind: 'monthly', dayOfMonth: 28 },
      targetUnitKind: 'department',
    });
    await recurrences.end(chutich, ended.id);

    for (const username of ROLE_CALLERS) tokens[username] = await stack.login(username);
    const secret = stack.env.JWT_SECRET;
    const now = Math.floor(Date.now() / 1000);
    const sub = (await stack.db.query(`SELECT id FROM users WHERE username = 'chutich'`))[0].id;
    tokens['no token'] = null;
    tokens['forged signature'] = hs256({ sub, ver: 0, iat: now, exp: now + 600 }, 'x'.repeat(32));
    tokens['expired'] = hs256({ sub, ver: 0, iat: now - 600, exp: now - 60 }, secret);
    tokens['no exp'] = hs256({ sub, ver: 0, iat: now }, secret);
    const leaver = await stack.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({
        username: 'nghi.viec',
        password: 'NghiViec@2026',
        fullName: 'Người đã nghỉ việc',
        title: 'Chuyên viên',
        unitId: ids.unit,
        roles: ['unit_manager'],
      })
      .expect(201);
    tokens['deactivated user'] = await stack.login('nghi.viec', 'NghiViec@2026');
    await stack.http
      .patch(`/api/v1/users/${leaver.body.id}`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ active: false })
      .expect(200);

    const doc = (await stack.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const fill = (method: string, path: string, name: string): string => {
      if (name === 'id') {
        if (path.startsWith('/api/v1/units/')) return ids.unit;
        if (path.startsWith('/api/v1/users/')) return ids.user;
        if (path.startsWith('/api/v1/tasks/')) return method === 'get' ? ids.task : cancelled.id;
        if (path.startsWith('/api/v1/plans/')) return ids.plan;
        if (path.startsWith('/api/v1/recurrences/'))
          return method === 'get' ? recurrence : ended.id;
        if (path.startsWith('/api/v1/inspections/'))
          return method === 'get' ? round.id : randomUUID();
        return randomUUID();
      }
      const params: Record<string, string> = {
        year: '2026',
        type: 'quarter',
        date: '2031-06-17',
        key: 'noi_bo',
        format: 'csv',
        fileId: '00000000-0000-4000-8000-000000000000',
      };
      if (!(name in params)) throw new Error(`No value for path parameter {${name}} in ${path}`);
      return params[name];
    };
    const queries: Record<string, string> = {
      'GET /api/v1/calendar/working-days': '?from=2026-12-01&days=5',
      'GET /api/v1/reports/completion': '?scope=SKHDT&from=2026-01-01&to=2026-12-31',
      'GET /api/v1/reports/completion.xlsx': '?scope=SKHDT&from=2026-01-01&to=2026-12-31',
      'GET /api/v1/reports/completion.docx': '?scope=SKHDT&from=2026-01-01&to=2026-12-31',
      'GET /api/v1/reports/completion/tasks':
        '?scope=SKHDT&from=2026-01-01&to=2026-12-31&class=overdue',
      'GET /api/v1/inspections/summary': '?from=2026-01-01&to=2026-12-31',
      'GET /api/v1/documents': '?symbol=102%2FKH-SKHDT',
      'GET /api/v1/reports/periods/{type}/{year}': '?number=1',
      'GET /api/v1/task-sheets/export.{format}': `?planId=${ids.plan}`,
    };
    // Task actions carry a valid body, so that the caller's right on the (cancelled) task is decided.
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const bodies: Record<string, object> = {
      'POST /api/v1/tasks/{id}/progress': { percent: 10 },
      'POST /api/v1/tasks/{id}/submit': { result: 'Đã hoàn thành' },
      'POST /api/v1/tasks/{id}/approve': {},
      'POST /api/v1/tasks/{id}/return': { reason: 'Bổ sung số liệu' },
      'POST /api/v1/tasks/{id}/extension-requests': { reason: 'Chờ ý kiến', newDueDate: due },
      'POST /api/v1/tasks/{id}/extension-decision': { approve: false },
      'POST /api/v1/tasks/{id}/reassign': { reason: 'Đổi đơn vị', leadUnitId: ids.unit },
      'POST /api/v1/tasks/{id}/explanation': { explanation: 'Do thiếu nhân lực' },
      'POST /api/v1/tasks/{id}/cancel': { reason: 'Trùng nhiệm vụ' },
      // A remark on the cancelled task: allowed to whoever may see it (comments outlive tasks).
      'POST /api/v1/tasks/{id}/comments': { body: 'Ý kiến trao đổi' },
    };
    endpoints = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const key = `${method.toUpperCase()} ${path}`;
        const url =
          path.replace(/\{(\w+)\}/g, (_, name: string) => fill(method, path, name)) +
          (queries[key] ?? '');
        return {
          key,
          method: method as Endpoint['method'],
          url,
          body: bodies[key] ?? (operation.requestBody || method !== 'get' ? {} : undefined),
        };
      }),
    );
  });
  afterAll(() => stack?.close());

  const call = async (endpoint: Endpoint, token: string | null) => {
    let req = stack.http[endpoint.method](endpoint.url);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (endpoint.body) req = req.send(endpoint.body);
    const res = await req;
    return { status: res.status, body: res.body as unknown, type: res.type };
  };

  /** Every answer that is not 2xx is in the one error shape, with the status it was sent with. */
  const shapeProblem = (status: number, body: unknown, type: string): string | null => {
    if (status < 400) return null;
    if (type !== 'application/json') return `content type ${type}`;
    const b = body as Record<string, unknown>;
    const ok =
      b.statusCode === status &&
      typeof b.code === 'string' &&
      typeof b.message === 'string' &&
      Array.isArray(b.details) &&
      (b.details as Record<string, unknown>[]).every((d) => typeof d.message === 'string');
    return ok ? null : `not the error shape: ${JSON.stringify(body).slice(0, 200)}`;
  };

  it('has exactly one table entry for every endpoint of the OpenAPI document', () => {
    const documented = endpoints.map((e) => e.key).sort();
    expect(documented.filter((key) => !(key in EXPECTED))).toEqual([]);
    const stale = [...Object.keys(EXPECTED), ...Object.keys(PUBLIC)];
    expect(stale.filter((key) => !documented.includes(key))).toEqual([]);
    expect(documented.length).toBeGreaterThanOrEqual(60);
  });

  it('answers 401 to callers without a valid token (none, forged, expired, without exp, deactivated) on every non-public endpoint', async () => {
    const problems: string[] = [];
    const jobs = endpoints.flatMap((endpoint) =>
      UNAUTHENTICATED.map((caller) => async () => {
        const { status, body, type } = await call(endpoint, tokens[caller]);
        const expected = PUBLIC[endpoint.key] ?? [401];
        if (!expected.includes(status)) {
          problems.push(`${endpoint.key} as ${caller}: ${status}, expected ${expected}`);
        }
        const shape = shapeProblem(status, body, type);
        if (shape) problems.push(`${endpoint.key} as ${caller}: ${shape}`);
      }),
    );
    await runLimited(jobs, 8);
    expect(problems).toEqual([]);
  });

  it('gives each role exactly the answer of the table on every endpoint, never a 5xx, errors always in the one shape', async () => {
    const problems: string[] = [];
    const actual: Record<string, number[]> = {};
    for (const endpoint of endpoints) {
      const results = await Promise.all(
        ROLE_CALLERS.map((caller) => call(endpoint, tokens[caller])),
      );
      actual[endpoint.key] = results.map((r) => r.status);
      const expected = EXPECTED[endpoint.key];
      results.forEach(({ status, body, type }, i) => {
        const caller = ROLE_CALLERS[i];
        if (status >= 500) problems.push(`${endpoint.key} as ${caller}: ${status}`);
        if (expected && expected[i] !== status) {
          problems.push(`${endpoint.key} as ${caller}: ${status}, expected ${expected[i]}`);
        }
        const shape = shapeProblem(status, body, type);
        if (shape) problems.push(`${endpoint.key} as ${caller}: ${shape}`);
      });
    }
    if (RECORD) {
      const lines = Object.entries(actual).map(
        ([key, statuses]) => `  '${key}':`.padEnd(52) + `[${statuses.join(', ')}],`,
      );
      console.log(lines.join('\n'));
    }
    expect(problems).toEqual([]);
  });
});

async function runLimited(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
}
