import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { conformanceProblems } from '../support/openapi-conformance';
import { TestStack } from '../support/test-stack';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Document = {
  paths: Record<
    string,
    Partial<
      Record<
        Method,
        { responses: Record<string, { content?: Record<string, { schema: object }> }> }
      >
    >
  >;
  components: { schemas: Record<string, object> };
};

const committed: Document = JSON.parse(
  readFileSync(join(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'),
);

/**
 * The committed contract (apps/web/src/api/openapi.json) is what the running API serves, and real
 * responses have exactly the shapes it declares: the web app's generated types do not lie.
 */
describe('The API contract against the running API', () => {
  let stack: TestStack;
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
  });
  afterAll(() => stack.close());

  /** Sends a request and checks its answer against the operation's declared response. */
  async function call(
    method: Method,
    path: string,
    options: { token?: string; body?: object; query?: Record<string, string>; status: number },
  ): Promise<Response> {
    const url = `/api/v1${path}`;
    let req = stack.http[method](url);
    if (options.token) req = req.set('Authorization', `Bearer ${options.token}`);
    if (options.query) req = req.query(options.query);
    const res = await (options.body ? req.send(options.body) : req);
    expect([method, path, res.status, res.body]).toEqual([
      method,
      path,
      options.status,
      expect.anything(),
    ]);
    const template = Object.keys(committed.paths).find((p) =>
      new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(url),
    );
    const schema =
      template &&
      committed.paths[template][method]?.responses[String(res.status)]?.content?.[
        'application/json'
      ]?.schema;
    expect([method, path, res.status, schema ? 'declared' : 'undeclared']).toEqual([
      method,
      path,
      res.status,
      'declared',
    ]);
    expect(conformanceProblems(committed, schema!, res.body)).toEqual([]);
    return res;
  }

  it('serves at /docs-json exactly the committed openapi.json', async () => {
    const res = await stack.http.get('/docs-json').expect(200);
    const withoutServers = ({ servers: _servers, ...rest }: Record<string, unknown>) => rest;
    expect(withoutServers(res.body)).toEqual(withoutServers(committed));
  });

  it('answers the task screens with the declared shapes', async () => {
    const created = await call('post', '/tasks', {
      token: leader,
      status: 201,
      body: {
        title: 'Báo cáo kết quả cải cách hành chính quý IV',
        source: 'ubnd_tinh',
        sourceDocument: '389/KH-UBND',
        leadUnitId: unitIds.SKHDT,
        coordinatingUnitIds: [unitIds.SNV],
        dueDate: dayFromToday(10),
        priority: 'high',
        area: 'tthc',
        attachments: [{ name: 'ke-hoach.pdf', url: 'https://example.test/ke-hoach.pdf' }],
      },
    });
    const id = created.body.id as string;
    expect(created.body.workflow.state).toMatchObject({ status: 'assigned' });

    await call('post', `/tasks/${id}/accept`, { token: manager, status: 200 });
    await call('post', `/tasks/${id}/progress`, {
      token: manager,
      status: 200,
      body: { percent: 50, note: 'Đã hoàn thành dự thảo' },
    });
    const asked = await call('post', `/tasks/${id}/extension-requests`, {
      token: manager,
      status: 200,
      body: { newDueDate: dayFromToday(20), reason: 'Chờ ý kiến các sở' },
    });
    expect(asked.body.pendingExtension).toMatchObject({ newDueDate: dayFromToday(20) });

    const detail = await call('get', `/tasks/${id}`, { token: leader, status: 200 });
    expect(detail.body).toMatchObject({ id, status: 'in_progress', timeliness: 'in_progress' });
    const page = await call('get', '/tasks', { token: leader, status: 200, query: { limit: '1' } });
    expect(page.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    await call('get', '/tasks', { token: leader, status: 200, query: { q: 'bao cao' } });
    const counts = await call('get', '/tasks/counts', { token: leader, status: 200 });
    expect(counts.body).toEqual({
      total: 1,
      byStatus: { in_progress: 1 },
      byTimeliness: { in_progress: 1 },
    });
    const history = await call('get', `/tasks/${id}/history`, { token: leader, status: 200 });
    expect(history.body.map((e: { action: string }) => e.action)).toEqual([
      'assign',
      'accept',
      'reportProgress',
      'requestExtension',
    ]);
    await call('post', '/tasks/bulk', {
      token: leader,
      status: 201,
      body: {
        tasks: [{ title: 'Nhiệm vụ không thời hạn', source: 'ubnd_tinh', leadUnitId: unitIds.SNV }],
      },
    });
    await call('get', '/task-sources', { token: leader, status: 200 });
  });

  it('answers the organisation, session and calendar reads with the declared shapes', async () => {
    await call('get', '/units', { token: leader, status: 200 });
    await call('get', `/units/${unitIds.SKHDT}`, { token: leader, status: 200 });
    await call('get', '/users', { token: leader, status: 200 });
    await call('get', '/auth/me', { token: manager, status: 200 });
    await call('post', '/auth/login', {
      status: 200,
      body: { username: 'skhdt.chuyenvien', password: 'GiaoViec@2026' },
    });
    await call('post', '/users', {
      token: admin,
      status: 201,
      body: {
        username: 'snv.chuyenvien',
        password: 'MatKhau@2026',
        fullName: 'Trần Thị Bình',
        title: 'Chuyên viên',
        unitId: unitIds.SNV,
        roles: ['specialist'],
      },
    });
    await call('patch', `/users/${userIds['snv.giamdoc']}`, {
      token: admin,
      status: 200,
      body: { title: 'Giám đốc Sở Nội vụ' },
    });
    const unit = await call('post', '/units', {
      token: admin,
      status: 201,
      body: { code: 'SXD', name: 'Sở Xây dựng', kind: 'department', parentId: unitIds.UBND },
    });
    await call('patch', `/units/${unit.body.id}`, {
      token: admin,
      status: 200,
      body: { name: 'Sở Xây dựng tỉnh Đồng Tháp' },
    });
    await call('put', '/task-sources/hoi_dong_nhan_dan', {
      token: admin,
      status: 200,
      body: { label: 'Hội đồng nhân dân tỉnh' },
    });
    await call('put', `/calendar/overrides/${new Date().getFullYear()}-12-31`, {
      token: admin,
      status: 200,
      body: { kind: 'holiday' },
    });
    await call('get', '/operations/failing-task-workflows', { token: admin, status: 200 });
    await call('get', '/reports/snapshots', { token: leader, status: 200 });
    await call('post', '/auth/password', {
      token: await stack.login('snv.giamdoc'),
      status: 200,
      body: { currentPassword: 'GiaoViec@2026', newPassword: 'MatKhauMoi@2026' },
    });
    await call('get', `/calendar/${new Date().getFullYear()}`, { token: leader, status: 200 });
    await call('get', '/calendar/working-days', {
      token: leader,
      status: 200,
      query: { from: dayFromToday(0), days: '5' },
    });
  });

  it('answers the inbox with the declared shapes', async () => {
    const inbox = await stack.eventually(async () => {
      const res = await call('get', '/notifications', { token: manager, status: 200 });
      return res.body.items.length > 0 ? res.body : null;
    });
    expect(inbox.items[0]).toMatchObject({ kind: expect.any(String), readAt: null });
    await call('get', '/notifications/unread-count', { token: manager, status: 200 });
    await call('post', `/notifications/${inbox.items[0].id}/read`, { token: manager, status: 200 });
    await call('post', '/notifications/read-all', { token: manager, status: 200 });
  });

  it('answers plans, inspections and reports with the declared shapes', async () => {
    const plan = await call('post', '/plans', {
      token: leader,
      status: 201,
      body: {
        symbol: '389/KH-UBND',
        issueDate: dayFromToday(-3),
        title: 'Kế hoạch cải cách hành chính năm 2026',
        areas: ['tthc'],
      },
    });
    await call('post', `/plans/${plan.body.id}/items`, {
      token: leader,
      status: 201,
      body: { title: 'Rà soát thủ tục', source: 'ubnd_tinh', leadUnitId: unitIds.STP },
    });
    const issued = await call('post', `/plans/${plan.body.id}/issue`, {
      token: leader,
      status: 201,
      body: { implementingUnits: [{ unitId: unitIds.SKHDT, dueDate: dayFromToday(10) }] },
    });
    expect(issued.body.status).toBe('issued');
    await call('get', '/plans', { token: leader, status: 200 });
    await stack.eventually(async () => {
      const res = await call('get', `/plans/${plan.body.id}`, { token: leader, status: 200 });
      return res.body.counts?.total === 2;
    });
    const tree = await stack.eventually(async () => {
      const res = await call('get', `/plans/${plan.body.id}/tree`, { token: leader, status: 200 });
      return res.body.tasks.length === 2 ? res.body : null;
    });
    expect(tree.obligations).toHaveLength(1);
    await call('get', '/documents', {
      token: leader,
      status: 200,
      query: { symbol: '389/kh-ubnd' },
    });

    const round = await call('post', '/inspections', {
      token: manager,
      status: 201,
      body: {
        title: 'Tự kiểm tra công tác CCHC năm 2026',
        memberIds: [userIds['skhdt.chuyenvien']],
        targets: [{ unitId: unitIds['SKHDT-DKKD'], plannedDate: dayFromToday(-1) }],
      },
    });
    const roundId = round.body.id as string;
    await call('post', `/inspections/${roundId}/notify`, { token: manager, status: 200 });
    await call('post', `/inspections/${roundId}/inspections`, {
      token: manager,
      status: 200,
      body: {
        unitId: unitIds['SKHDT-DKKD'],
        inspectedOn: dayFromToday(0),
        findings: [
          {
            description: 'Niêm yết TTHC chưa đầy đủ',
            severity: 'medium',
            requiredAction: 'Bổ sung',
          },
        ],
      },
    });
    const detail = await call('get', `/inspections/${roundId}`, { token: manager, status: 200 });
    expect(detail.body.findings).toHaveLength(1);
    await call('get', '/inspections', { token: manager, status: 200 });
    await call('get', '/inspections/findings', { token: manager, status: 200 });
    await call('get', `/inspections/${roundId}/summary`, { token: manager, status: 200 });
    await call('get', '/inspections/summary', {
      token: manager,
      status: 200,
      query: { from: dayFromToday(-30), to: dayFromToday(0) },
    });

    await call('get', '/reports/periods/quarter/2026', {
      token: leader,
      status: 200,
      query: { number: '4' },
    });
    const report = await call('get', '/reports/completion', {
      token: leader,
      status: 200,
      query: { scope: 'UBND', from: dayFromToday(-30), to: dayFromToday(0), groupBy: 'unit' },
    });
    expect(report.body.window.groups.length).toBeGreaterThan(0);
    await call('get', '/reports/completion/tasks', {
      token: leader,
      status: 200,
      query: { scope: 'UBND', from: dayFromToday(-30), to: dayFromToday(0), class: 'in_progress' },
    });
  });

  it('answers every error in the declared ErrorBody shape with a listed code', async () => {
    const missing = await call('get', `/tasks/${crypto.randomUUID()}`, {
      token: leader,
      status: 404,
    });
    expect(missing.body.code).toBe('TASK_NOT_FOUND');
    const invalid = await call('post', '/tasks', { token: leader, status: 400, body: {} });
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toContain('title');
    await call('get', '/tasks/not-a-uuid', { token: leader, status: 400 });
    const anonymous = await call('get', '/tasks', { status: 401 });
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const forbidden = await call('post', '/units', {
      token: leader,
      status: 403,
      body: { code: 'SXD', name: 'Sở Xây dựng', kind: 'department', parentId: unitIds.UBND },
    });
    expect(forbidden.body.code).toBe('ROLE_REQUIRED');
    const [task] = (await call('get', '/tasks', { token: leader, status: 200 })).body.items;
    const conflict = await call('post', `/tasks/${task.id}/approve`, {
      token: leader,
      status: 409,
      body: {},
    });
    expect(conflict.body.code).toBe('TASK_INVALID_TRANSITION');
  });
});
