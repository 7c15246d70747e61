import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { DEMO_PASSWORD, seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/**
 * Hostile input against every JSON endpoint and the list/report query strings: whatever arrives,
 * the API answers below 500, in the one error shape, and a refused request leaves the tables as
 * they were. Background work is quiesced first (no reminders, due dates and planned dates far
 * ahead), so any change to the tables during the run comes from a request.
 */

/** Tables requests write, with the columns compared (users: not the login bookkeeping). */
const TABLES: Record<string, string> = {
  units: '*',
  users: 'id, username, full_name, title, email, unit_id, roles, active',
  task_sources: '*',
  tasks: '*',
  task_events: '*',
  task_reminders: '*',
  calendar_overrides: '*',
  notifications: '*',
  report_snapshots: '*',
  inspection_rounds: '*',
  inspection_targets: '*',
  inspection_findings: '*',
  documents: '*',
  plans: '*',
  plan_items: '*',
  plan_obligations: '*',
};

const SEED = 20261203;
const NUL = '\u0000';

/** Field kinds; a trailing "!" marks a required field (null is then hostile too). */
type Kind = 'text' | 'date' | 'int' | 'uuid' | 'enum' | 'bool' | 'array' | 'object';
type FieldSpec = `${Kind}` | `${Kind}!`;

interface BodyEndpoint {
  name: string;
  method: 'post' | 'put' | 'patch';
  path: () => string;
  user: string;
  body: () => Record<string, unknown>;
  fields: Record<string, FieldSpec>;
}

// --- hostile values --------------------------------------------------------------------------

const nulText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
  .map(([a, b]) => `${a}${NUL}${b}`);
const loneSurrogate = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, s, b]) => `${a}${s}${b}`);
const hugeText = fc.integer({ min: 20_001, max: 40_000 }).map((n) => 'Ư'.repeat(n));
const wrongTypeForText = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1 }),
);
const hostileText = fc.oneof(nulText, loneSurrogate, hugeText, wrongTypeForText);
const hugeNumber = fc.constantFrom(
  2 ** 31,
  2 ** 31 + 1,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 63,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  1e21,
  1.5,
  -0.5,
);
const farDate = fc.constantFrom(
  '9999-12-31',
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '2201-01-01',
  '+010000-01-01',
  '-000001-01-01',
  '2025-02-30',
  '2025-13-01',
  '31/12/2025',
  '2025-1-1',
  '',
);
const hostileOf = (kind: Kind): fc.Arbitrary<unknown> => {
  switch (kind) {
    case 'text':
      return hostileText;
    case 'date':
      return fc.oneof(farDate, nulText, loneSurrogate, hugeNumber, wrongTypeForText);
    case 'int':
      return fc.oneof(
        hugeNumber,
        fc.constantFrom('1', '10', 'NaN', '', true),
        fc.constant([1]),
        nulText,
      );
    case 'uuid':
      return fc.oneof(
        nulText,
        loneSurrogate,
        fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', ''),
        fc.string({ maxLength: 40 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s)),
        hugeNumber,
      );
    case 'enum':
      return fc.oneof(
        nulText,
        loneSurrogate,
        hugeText,
        fc.constantFrom('NOT_A_VALUE', 'Low', ' low', 'medium\u0000'),
        hugeNumber,
      );
    case 'bool':
      return fc.constantFrom('true', 'false', 1, 0, 'yes', [], {}, NUL);
    case 'array':
      return fc.oneof(
        fc.constant('not an array'),
        fc.constant({ 0: 'a' }),
        fc.integer({ min: 501, max: 5000 }).map((n) => Array.from({ length: n }, () => NUL)),
        fc.array(fc.oneof(nulText, loneSurrogate), { minLength: 1, maxLength: 5 }),
        hugeNumber,
      );
    case 'object':
      return fc.oneof(
        fc.constantFrom('text', 12, true, [1, 2]),
        fc.constant({ unknownField: NUL }),
      );
  }
};

// --- the API under test ------------------------------------------------------------------------

describe('Fuzzing the API with hostile input', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const ids: Record<string, string> = {};
  let baseline = '';
  let requests = 0;

  const snapshot = async (): Promise<string> => {
    const sql = Object.entries(TABLES)
      .map(
        ([table, cols]) =>
          `SELECT '${table}' AS t, count(*)::int AS n,
             md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS h
           FROM (SELECT ${cols} FROM ${table}) r`,
      )
      .join(' UNION ALL ');
    const rows: { t: string; n: number; h: string }[] = await stack.db.query(sql);
    return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join('\n');
  };

  /** Waits until nothing writes any more (the setup's workflows have finished their work). */
  const quiesce = async () => {
    let previous = await snapshot();
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const current = await snapshot();
      if (current === previous) return current;
      previous = current;
    }
    throw new Error('the tables kept changing without requests');
  };

  const statuses = new Map<string, number>();
  const expectErrorShape = (res: Response, what: string) => {
    requests++;
    const key = `${res.status} ${(res.body as { code?: string })?.code ?? ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (res.status >= 500) {
      throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    if (res.status < 400) return;
    const body = res.body as Record<string, unknown>;
    const shaped =
      body.statusCode === res.status &&
      typeof body.code === 'string' &&
      typeof body.message === 'string' &&
      Array.isArray(body.details) &&
      (body.details as Record<string, unknown>[]).every((d) => typeof d.message === 'string');
    if (!shaped) {
      throw new Error(`${what}: ${res.status} not in the error shape: ${JSON.stringify(body)}`);
    }
    // Every 400 names what was wrong: the field (or body/path) and the rule.
    if (res.status === 400) {
      const details = body.details as { field?: unknown; rule?: unknown }[];
      if (
        details.length === 0 ||
        !details.every((d) => typeof d.field === 'string' && typeof d.rule === 'string')
      ) {
        throw new Error(`${what}: a 400 without field and rule: ${JSON.stringify(body)}`);
      }
    }
  };

  /**
   * Refused requests changed nothing: the tables are compared with the last snapshot after every
   * few requests (a snapshot costs more than a request) and at the end of each test; a failure
   * names the requests of the batch.
   */
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const now = await snapshot();
    if (now !== baseline) {
      const before = new Set(baseline.split('\n'));
      const changed = now.split('\n').filter((line) => !before.has(line));
      throw new Error(
        `refused requests changed ${changed.map((l) => l.split(':')[0])}: ${batch.join(' | ')}`,
      );
    }
  };
  const expectUnchanged = async (what: string) => {
    pending.push(what.slice(0, 300));
    if (pending.length >= 4) await flush();
  };

  const send = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    user: string | null,
    body?: unknown,
    raw?: string,
  ) => {
    let req = stack.http[method](`/api/v1${path}`);
    if (user) req = req.set('Authorization', `Bearer ${tokens[user]}`);
    if (raw !== undefined) return req.set('Content-Type', 'application/json').send(raw);
    return body === undefined ? req : req.send(body as object);
  };

  beforeAll(async () => {
    stack = await TestStack.start({ env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of ['admin', 'chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien']) {
      tokens[u] = await stack.login(u);
    }
    const ok = async (res: Promise<Response>, status: number) => {
      const r = await res;
      if (r.status !== status) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    ids.task = (
      await ok(
        send('post', '/tasks', 'chutich', {
          title: 'Nhiệm vụ thử nghiệm đầu vào',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: dayFromToday(300),
        }),
        201,
      )
    ).id;
    await ok(send('post', `/tasks/${ids.task}/accept`, 'skhdt.giamdoc', {}), 200);
    ids.plan = (
      await ok(
        send('post', '/plans', 'skhdt.giamdoc', {
          symbol: '7/KH-SKHDT',
          issueDate: dayFromToday(-1),
          title: 'Kế hoạch thử nghiệm',
        }),
        201,
      )
    ).id;
    ids.round = (
      await ok(
        send('post', '/inspections', 'skhdt.giamdoc', {
          title: 'Kiểm tra thử nghiệm',
          memberIds: [],
          targets: [{ unitId: unitIds['SKHDT-TH'], plannedDate: dayFromToday(200) }],
        }),
        201,
      )
    ).id;
    baseline = await quiesce();
  }, 180_000);
  afterAll(async () => {
    if (process.env.FUZZ_REPORT) {
      console.log(`${requests} requests:`, Object.fromEntries([...statuses].sort()));
    }
    await stack?.close();
  });

  const taskBody = () => ({
    code: 'NV-FUZZ-1',
    title: 'Nhiệm vụ thử',
    description: 'Mô tả',
    source: 'ubnd_tinh',
    sourceDocument: '389/KH-UBND',
    sourceDocumentDate: dayFromToday(-3),
    leadUnitId: unitIds.SKHDT,
    coordinatingUnitIds: [unitIds.SNV],
    watcherIds: [],
    dueDate: dayFromToday(100),
    priority: 'normal',
    area: 'tthc',
    reminderDaysBefore: [3],
    attachments: [{ name: 'tệp.pdf', url: 'https://example.vn/a.pdf' }],
  });
  const taskFields: Record<string, FieldSpec> = {
    code: 'text',
    title: 'text!',
    description: 'text',
    source: 'text!',
    sourceDocument: 'text',
    sourceDocumentDate: 'date',
    leadUnitId: 'uuid!',
    coordinatingUnitIds: 'array',
    watcherIds: 'array',
    assigneeId: 'uuid',
    dueDate: 'date',
    dueInWorkingDays: 'int',
    priority: 'enum',
    area: 'enum',
    reminderDaysBefore: 'array',
    attachments: 'array',
    'attachments.0': 'object!',
    'attachments.0.name': 'text!',
    'attachments.0.url': 'text!',
  };

  const bodyEndpoints = (): BodyEndpoint[] => [
    {
      name: 'login',
      method: 'post',
      path: () => '/auth/login',
      user: '',
      body: () => ({ username: 'admin', password: DEMO_PASSWORD }),
      fields: { username: 'text!', password: 'text!' },
    },
    {
      name: 'create unit',
      method: 'post',
      path: () => '/units',
      user: 'admin',
      body: () => ({
        code: 'FUZZ',
        name: 'Đơn vị thử',
        kind: 'division',
        parentId: unitIds.SKHDT,
      }),
      fields: { code: 'text!', name: 'text!', kind: 'text!', parentId: 'uuid' },
    },
    {
      name: 'update unit',
      method: 'patch',
      path: () => `/units/${unitIds['SKHDT-TH']}`,
      user: 'admin',
      body: () => ({ name: 'Phòng Văn xã' }),
      fields: { name: 'text!', kind: 'text!' },
    },
    {
      name: 'create user',
      method: 'post',
      path: () => '/users',
      user: 'admin',
      body: () => ({
        username: 'fuzz.user',
        password: 'MatKhau@2026',
        fullName: 'Người Thử',
        title: 'Chuyên viên',
        email: 'thu@example.vn',
        unitId: unitIds.SKHDT,
        roles: ['specialist'],
      }),
      fields: {
        username: 'text!',
        password: 'text!',
        fullName: 'text!',
        title: 'text!',
        email: 'text',
        unitId: 'uuid!',
        roles: 'array!',
      },
    },
    {
      name: 'update user',
      method: 'patch',
      path: () => `/users/${userIds['snv.giamdoc']}`,
      user: 'admin',
      body: () => ({ fullName: 'Giám đốc Sở Nội vụ' }),
      fields: {
        fullName: 'text!',
        title: 'text!',
        email: 'text',
        unitId: 'uuid!',
        roles: 'array!',
        active: 'bool!',
        password: 'text!',
      },
    },
    {
      name: 'assign',
      method: 'post',
      path: () => '/tasks',
      user: 'chutich',
      body: taskBody,
      fields: taskFields,
    },
    {
      name: 'bulk assign',
      method: 'post',
      path: () => '/tasks/bulk',
      user: 'chutich',
      body: () => ({ tasks: [taskBody(), { ...taskBody(), code: 'NV-FUZZ-2' }] }),
      fields: {
        tasks: 'array!',
        ...Object.fromEntries(Object.entries(taskFields).map(([k, v]) => [`tasks.1.${k}`, v])),
      },
    },
    {
      name: 'subtask',
      method: 'post',
      path: () => `/tasks/${ids.task}/subtasks`,
      user: 'skhdt.giamdoc',
      body: () => ({ ...taskBody(), leadUnitId: unitIds['SKHDT-TH'] }),
      fields: taskFields,
    },
    ...(
      [
        ['accept', 'skhdt.giamdoc', { note: 'Đã nhận' }, { note: 'text' }],
        [
          'progress',
          'skhdt.chuyenvien',
          { percent: 50, note: 'Một nửa' },
          { percent: 'int!', note: 'text' },
        ],
        [
          'submit',
          'skhdt.giamdoc',
          { result: 'Xong', outputDocument: '1/BC-SKHDT', explanation: 'Đúng hạn' },
          { result: 'text!', outputDocument: 'text', explanation: 'text' },
        ],
        ['approve', 'chutich', { note: 'Đồng ý' }, { note: 'text' }],
        ['return', 'chutich', { reason: 'Làm lại' }, { reason: 'text!' }],
        [
          'extension-requests',
          'skhdt.giamdoc',
          { reason: 'Cần thêm thời gian', newDueDate: dayFromToday(320) },
          { reason: 'text!', newDueDate: 'date!' },
        ],
        [
          'extension-decision',
          'chutich',
          { approve: true, note: 'Ừ' },
          { approve: 'bool!', note: 'text' },
        ],
        [
          'reassign',
          'chutich',
          { reason: 'Chuyển', leadUnitId: unitIds.SNV },
          { reason: 'text!', leadUnitId: 'uuid!' },
        ],
        ['explanation', 'skhdt.giamdoc', { explanation: 'Vì' }, { explanation: 'text!' }],
        ['cancel', 'chutich', { reason: 'Không cần' }, { reason: 'text!' }],
      ] as [string, string, Record<string, unknown>, Record<string, FieldSpec>][]
    ).map(([action, user, body, fields]): BodyEndpoint => ({
      name: `task ${action}`,
      method: 'post',
      path: () => `/tasks/${ids.task}/${action}`,
      user,
      body: () => body,
      fields,
    })),
    {
      name: 'register document',
      method: 'post',
      path: () => '/documents',
      user: 'skhdt.giamdoc',
      body: () => ({ symbol: '99/KH-SKHDT', issueDate: dayFromToday(0), summary: 'Trích yếu' }),
      fields: { symbol: 'text!', issueDate: 'date!', summary: 'text' },
    },
    {
      name: 'create plan',
      method: 'post',
      path: () => '/plans',
      user: 'skhdt.giamdoc',
      body: () => ({
        symbol: '98/KH-SKHDT',
        issueDate: dayFromToday(0),
        title: 'Kế hoạch',
        areas: ['tthc'],
        summary: 'Trích yếu',
      }),
      fields: {
        symbol: 'text!',
        issueDate: 'date!',
        title: 'text!',
        summary: 'text',
        areas: 'array',
        parentPlanId: 'uuid',
      },
    },
    {
      name: 'plan item',
      method: 'post',
      path: () => `/plans/${ids.plan}/items`,
      user: 'skhdt.giamdoc',
      body: () => ({ ...taskBody(), leadUnitId: unitIds['SKHDT-TH'] }),
      fields: { ...taskFields, parentTaskId: 'uuid' },
    },
    {
      name: 'issue plan',
      method: 'post',
      path: () => `/plans/${ids.plan}/issue`,
      user: 'skhdt.giamdoc',
      body: () => ({
        implementingUnits: [{ unitId: unitIds['SKHDT-TH'], dueDate: dayFromToday(100) }],
      }),
      fields: {
        implementingUnits: 'array',
        'implementingUnits.0': 'object!',
        'implementingUnits.0.unitId': 'uuid!',
        'implementingUnits.0.dueDate': 'date!',
      },
    },
    {
      name: 'close plan',
      method: 'post',
      path: () => `/plans/${ids.plan}/close`,
      user: 'skhdt.giamdoc',
      body: () => ({ mode: 'cancel' }),
      fields: { mode: 'enum!' },
    },
    {
      name: 'create inspection',
      method: 'post',
      path: () => '/inspections',
      user: 'skhdt.giamdoc',
      body: () => ({
        title: 'Kiểm tra',
        planDocument: '332/KH-SKHDT',
        noticeDocument: '38/VPUBND-KSTTHC',
        memberIds: [],
        targets: [{ unitId: unitIds['SKHDT-TH'], plannedDate: dayFromToday(200) }],
        areas: ['tthc'],
        remediationDays: 15,
      }),
      fields: {
        title: 'text!',
        planDocument: 'text',
        noticeDocument: 'text',
        leaderId: 'uuid',
        memberIds: 'array!',
        targets: 'array!',
        'targets.0': 'object!',
        'targets.0.unitId': 'uuid!',
        'targets.0.plannedDate': 'date!',
        areas: 'array',
        remediationDays: 'int',
      },
    },
    {
      name: 'self-report',
      method: 'post',
      path: () => `/inspections/${ids.round}/self-reports`,
      user: 'skhdt.giamdoc',
      body: () => ({ unitId: unitIds['SKHDT-TH'], report: 'Báo cáo' }),
      fields: { unitId: 'uuid!', report: 'text!' },
    },
    {
      name: 'record inspection',
      method: 'post',
      path: () => `/inspections/${ids.round}/inspections`,
      user: 'skhdt.giamdoc',
      body: () => ({
        unitId: unitIds['SKHDT-TH'],
        inspectedOn: dayFromToday(0),
        findings: [
          { description: 'Thiếu', area: 'tthc', severity: 'low', requiredAction: 'Bổ sung' },
        ],
      }),
      fields: {
        unitId: 'uuid!',
        inspectedOn: 'date!',
        findings: 'array!',
        'findings.0': 'object!',
        'findings.0.description': 'text!',
        'findings.0.area': 'enum',
        'findings.0.severity': 'enum!',
        'findings.0.requiredAction': 'text!',
      },
    },
    {
      name: 'conclusion',
      method: 'post',
      path: () => `/inspections/${ids.round}/conclusion`,
      user: 'skhdt.giamdoc',
      body: () => ({ concludedOn: dayFromToday(0) }),
      fields: { concludedOn: 'date!' },
    },
    {
      name: 'close round',
      method: 'post',
      path: () => `/inspections/${ids.round}/close`,
      user: 'skhdt.giamdoc',
      body: () => ({ carryOver: false }),
      fields: { carryOver: 'bool!' },
    },
    {
      name: 'calendar override',
      method: 'put',
      path: () => '/calendar/overrides/2031-01-02',
      user: 'admin',
      body: () => ({ kind: 'holiday', name: 'Nghỉ bù' }),
      fields: { kind: 'enum!', name: 'text' },
    },
    {
      name: 'task source',
      method: 'put',
      path: () => '/task-sources/nguon_thu',
      user: 'admin',
      body: () => ({ label: 'Nguồn thử', active: true, sort: 5 }),
      fields: { label: 'text!', active: 'bool', sort: 'int' },
    },
    {
      name: 'report snapshot',
      method: 'post',
      path: () => '/reports/snapshots',
      user: 'chutich',
      body: () => ({ periodType: 'quarter', year: 2025, number: 3 }),
      fields: { periodType: 'enum!', year: 'int!', number: 'int' },
    },
  ];

  it('answers the inputs that used to freeze the service or fail with 500 with 4xx naming the field and rule', async () => {
    const forged = Buffer.from('99999-01-01|------------------------------------').toString(
      'base64url',
    );
    const cases: [string, string, string | null, object | undefined, string, string][] = [
      [
        'get',
        '/calendar/working-days?from=9999-12-31&days=1',
        'skhdt.chuyenvien',
        undefined,
        'from',
        'dateRange',
      ],
      [
        'get',
        '/calendar/working-days?from=2025-01-01&days=2147483648',
        'skhdt.chuyenvien',
        undefined,
        'days',
        'max',
      ],
      ['get', '/calendar/-1', 'skhdt.chuyenvien', undefined, 'year', 'min'],
      ['get', '/calendar/0', 'skhdt.chuyenvien', undefined, 'year', 'min'],
      ['get', '/calendar/99999', 'skhdt.chuyenvien', undefined, 'year', 'max'],
      [
        'post',
        `/inspections/${ids.round}/conclusion`,
        'skhdt.giamdoc',
        { concludedOn: '9999-12-31' },
        'concludedOn',
        'dateRange',
      ],
      [
        'post',
        `/tasks/${ids.task}/extension-requests`,
        'skhdt.giamdoc',
        { reason: 'x', newDueDate: '2201-01-01' },
        'newDueDate',
        'dateRange',
      ],
      ['get', '/tasks?dueFrom=0001-01-01', 'chutich', undefined, 'dueFrom', 'dateRange'],
      ['post', '/auth/login', null, { username: `admin${NUL}`, password: 'x' }, 'username', 'text'],
      [
        'post',
        '/units',
        'admin',
        { code: 'X1', name: `Phòng${NUL}`, kind: 'division', parentId: unitIds.SKHDT },
        'name',
        'text',
      ],
      [
        'put',
        '/calendar/overrides/2031-01-03',
        'admin',
        { kind: 'holiday', name: `Nghỉ${NUL}` },
        'name',
        'text',
      ],
      ['put', '/task-sources/nguon_x', 'admin', { label: `Nguồn${NUL}` }, 'label', 'text'],
      [
        'post',
        '/documents',
        'skhdt.giamdoc',
        { symbol: '5/KH-SKHDT', issueDate: '2025-01-01', summary: NUL },
        'summary',
        'text',
      ],
      [
        'post',
        `/plans/${ids.plan}/items`,
        'skhdt.giamdoc',
        { ...taskBody(), title: `A${NUL}` },
        'title',
        'text',
      ],
      [
        'post',
        '/inspections',
        'skhdt.giamdoc',
        { title: `K${NUL}`, memberIds: [], targets: [] },
        'title',
        'text',
      ],
      [
        'post',
        '/tasks',
        'chutich',
        { ...taskBody(), attachments: [{ name: 'a\ud800', url: 'https://a.vn' }] },
        'attachments.0.name',
        'text',
      ],
      [
        'post',
        `/tasks/${ids.task}/progress`,
        'skhdt.giamdoc',
        { percent: 10, note: 'x\udfff' },
        'note',
        'text',
      ],
      ['get', '/tasks?q=%00', 'chutich', undefined, 'q', 'text'],
      [
        'get',
        '/reports/completion?scope=%00&from=2025-01-01&to=2025-12-31',
        'chutich',
        undefined,
        'scope',
        'text',
      ],
      ['patch', `/units/${unitIds['SKHDT-TH']}`, 'admin', { name: null }, 'name', 'isString'],
      [
        'post',
        '/users',
        'admin',
        {
          username: 'thu.nghiem',
          password: 'MatKhau@2026',
          fullName: 'A',
          title: 'B',
          email: 'a\ud800@x.vn',
          unitId: unitIds.SKHDT,
          roles: ['specialist'],
        },
        'email',
        'text',
      ],
      ['put', '/task-sources/nguon_x', 'admin', { label: 'Nguồn', sort: 2 ** 31 }, 'sort', 'max'],
      ['get', `/tasks?cursor=${forged}`, 'chutich', undefined, 'cursor', 'cursor'],
      ['get', `/tasks?sort=dueDate&cursor=${forged}`, 'chutich', undefined, 'cursor', 'cursor'],
      [
        'get',
        '/notifications?cursor=bm90IGEgY3Vyc29y',
        'skhdt.giamdoc',
        undefined,
        'cursor',
        'cursor',
      ],
      [
        'get',
        '/reports/completion/tasks?scope=UBND&from=2025-01-01&to=2025-12-31&class=overdue&offset=1e20',
        'chutich',
        undefined,
        'offset',
        'max',
      ],
    ];
    for (const [method, path, user, body, field, rule] of cases) {
      const res = await send(method as 'get', path, user, body);
      expectErrorShape(res, `${method} ${path}`);
      expect({ path, field, status: res.status, code: res.body.code }).toEqual({
        path,
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule }));
    }

    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const path of ['/auth/login', '/tasks', '/units', `/tasks/${ids.task}/progress`]) {
      const res = await send('post', path, 'admin', undefined, `{"username":${deep}}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: 'MALFORMED_JSON',
        details: [{ field: 'body', rule: 'depth' }],
      });
    }
    const big = await send('post', '/tasks', 'chutich', {
      ...taskBody(),
      description: 'a'.repeat(2_000_000),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });

    const jwt = stack.api.get(JwtService);
    for (const sub of ['admin', '1 OR 1=1', 'x'.repeat(100)]) {
      const token = jwt.sign({ sub, ver: 0 }, { expiresIn: '1h' });
      const res = await stack.http.get('/api/v1/tasks').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    }
    await expectUnchanged('the known bad inputs');
    await flush();
  });

  /** Sets `path` (dot-separated) in a copy of `body` to `value`. */
  const withField = (body: Record<string, unknown>, path: string, value: unknown) => {
    const copy = structuredClone(body) as Record<string, unknown>;
    const keys = path.split('.');
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object') at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    at[keys[keys.length - 1]] = value;
    return copy;
  };

  const fieldMutation = (endpoints: BodyEndpoint[]) =>
    fc.constantFrom(...endpoints).chain((endpoint) =>
      fc.constantFrom(...Object.entries(endpoint.fields)).chain(([field, spec]) => {
        const kind = spec.replace('!', '') as Kind;
        const value = spec.endsWith('!')
          ? fc.oneof(hostileOf(kind), fc.constant(null))
          : hostileOf(kind);
        return value.map((v) => ({ endpoint, field, value: v }));
      }),
    );

  it('refuses a hostile value in any field of any JSON body with a 4xx that changes nothing', async () => {
    const endpoints = bodyEndpoints();
    await fc.assert(
      fc.asyncProperty(fieldMutation(endpoints), async ({ endpoint, field, value }) => {
        const body = withField(endpoint.body(), field, value);
        const what = `${endpoint.method.toUpperCase()} ${endpoint.name} with ${field}=${JSON.stringify(value)?.slice(0, 80)}`;
        const res = await send(endpoint.method, endpoint.path(), endpoint.user || null, body);
        expectErrorShape(res, what);
        if (res.status < 400) throw new Error(`${what} was accepted: ${res.status}`);
        await expectUnchanged(what);
      }),
      { numRuns: 1100, seed: SEED, endOnFailure: true },
    );
    await flush();
  });

  it('refuses deep, huge, malformed and mistyped bodies on every JSON endpoint', async () => {
    const endpoints = bodyEndpoints();
    const nested = (depth: number, open: string, close: string, inner = '1') =>
      `{"title":${open.repeat(depth)}${inner}${close.repeat(depth)}}`;
    const structural = fc.oneof(
      fc
        .integer({ min: 17, max: 20_000 })
        .map((d) => ({ kind: 'deep array', raw: nested(d, '[', ']') })),
      fc
        .integer({ min: 17, max: 20_000 })
        .map((d) => ({ kind: 'deep object', raw: `${'{"a":'.repeat(d)}1${'}'.repeat(d)}` })),
      fc.integer({ min: 1_100_000, max: 2_000_000 }).map((n) => ({
        kind: 'huge body',
        raw: JSON.stringify({ title: 'a'.repeat(n) }),
      })),
      fc.constantFrom(
        { kind: 'not json', raw: '{"title": ' },
        { kind: 'array body', raw: '[1,2,3]' },
        { kind: 'string body', raw: '"chuỗi"' },
        { kind: 'number body', raw: '12' },
        { kind: 'null body', raw: 'null' },
        { kind: 'NUL key', raw: '{"ti\\u0000tle":"a"}' },
        { kind: 'lone surrogate key', raw: '{"\\ud800":"a"}' },
        { kind: 'escaped NUL', raw: '{"title":"a\\u0000b","username":"a\\u0000"}' },
        { kind: 'proto', raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}' },
        { kind: 'string-hidden brackets', raw: `{"title":"${'['.repeat(5000)}"}` },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        structural,
        async (endpoint, { kind, raw }) => {
          const what = `${endpoint.method.toUpperCase()} ${endpoint.name} with ${kind}`;
          const res = await send(
            endpoint.method,
            endpoint.path(),
            endpoint.user || null,
            undefined,
            raw,
          );
          expectErrorShape(res, what);
          if (res.status < 400) throw new Error(`${what} was accepted: ${res.status}`);
          await expectUnchanged(what);
        },
      ),
      { numRuns: 200, seed: SEED, endOnFailure: true },
    );
    await flush();
  });

  it('answers hostile query strings and path parameters of lists, reports and the calendar below 500', async () => {
    const queryValue = fc.oneof(
      nulText,
      loneSurrogate,
      // Longer URLs are refused by Node itself (431, before the app) since headers stop at 16 KB.
      fc.integer({ min: 201, max: 8_000 }).map((n) => 'a'.repeat(n)),
      farDate,
      hugeNumber.map(String),
      fc.constantFrom('', '-1', '0', '1e400', 'NaN', 'true', '[]', '{}', '%', '%00'),
      fc.base64String({ maxLength: 80 }),
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
      fc.constantFrom(
        Buffer.from('9999999-01-01|00000000-0000-0000-0000-000000000000').toString('base64url'),
        Buffer.from('2025-02-30|00000000-0000-0000-0000-000000000000').toString('base64url'),
        Buffer.from('2025-01-01T00:00:00Z|------------------------------------').toString(
          'base64url',
        ),
        Buffer.from('1|x').toString('base64url'),
      ),
    );
    const lists: [string, string, string[]][] = [
      [
        '/tasks',
        'chutich',
        [
          'q',
          'cursor',
          'sort',
          'limit',
          'dueFrom',
          'dueTo',
          'unitId',
          'status',
          'timeliness',
          'myRole',
          'source',
          'planId',
          'parentTaskId',
          'overdueOnly',
        ],
      ],
      [
        '/tasks/counts',
        'skhdt.giamdoc',
        ['q', 'dueFrom', 'dueTo', 'unitId', 'overdueOnly', 'source'],
      ],
      ['/notifications', 'skhdt.giamdoc', ['cursor', 'limit', 'unreadOnly']],
      [
        '/reports/completion',
        'chutich',
        ['scope', 'from', 'to', 'groupBy', 'source', 'area', 'plan'],
      ],
      [
        '/reports/completion/tasks',
        'chutich',
        ['scope', 'from', 'to', 'class', 'group', 'block', 'limit', 'offset'],
      ],
      ['/reports/completion.xlsx', 'chutich', ['scope', 'from', 'to', 'label']],
      ['/reports/periods/quarter/2025', 'chutich', ['number']],
      ['/calendar/working-days', 'skhdt.chuyenvien', ['from', 'days']],
      ['/documents', 'chutich', ['symbol']],
      ['/inspections/findings', 'skhdt.giamdoc', ['roundId', 'unitId', 'severity', 'open']],
      ['/inspections/summary', 'skhdt.giamdoc', ['from', 'to']],
    ];
    const valid: Record<string, string> = {
      scope: 'UBND',
      from: '2025-01-01',
      to: '2025-12-31',
      class: 'overdue',
      days: '5',
    };
    // encodeURIComponent refuses lone surrogates: send the bytes a careless client would.
    const enc = (v: string) =>
      [...v]
        .map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
        .join('');
    const query = fc
      .constantFrom(...lists)
      .chain(([path, user, params]) =>
        fc
          .tuple(
            fc.subarray(params, { minLength: 1, maxLength: Math.min(3, params.length) }),
            fc.array(queryValue, { minLength: 3, maxLength: 3 }),
          )
          .map(([names, values]) => ({ path, user, names, values })),
      );
    await fc.assert(
      fc.asyncProperty(query, async ({ path, user, names, values }) => {
        const params = { ...valid };
        names.forEach((name, i) => (params[name] = values[i] as string));
        const needed = lists.find(([p]) => p === path)![2];
        const qs = Object.entries(params)
          .filter(([k]) => needed.includes(k))
          .map(([k, v]) => `${k}=${enc(v)}`)
          .join('&');
        const what = `GET ${path}?${qs.slice(0, 200)}`;
        const res = await send('get', `${path}?${qs}`, user);
        expectErrorShape(res, what);
        await expectUnchanged(what);
      }),
      { numRuns: 600, seed: SEED, endOnFailure: true },
    );
    await flush();

    const segment = fc.oneof(
      fc.constantFrom(
        '%00',
        'a%00b',
        '%ED%A0%80',
        '%FF',
        '%E0%A4%A',
        '-1',
        '0',
        '99999',
        '1e3',
        '2025.5',
        '9999999999999999999999',
        '..%2F..%2Fetc',
        '%20',
      ),
      fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
      fc.integer({ min: 1000, max: 8000 }).map((n) => 'x'.repeat(n)),
    );
    const paths: [string, string, (s: string) => string][] = [
      ['get', 'chutich', (s) => `/calendar/${s}`],
      ['get', 'chutich', (s) => `/tasks/${s}`],
      ['get', 'chutich', (s) => `/tasks/${s}/history`],
      ['post', 'skhdt.giamdoc', (s) => `/tasks/${s}/accept`],
      ['get', 'chutich', (s) => `/plans/${s}/tree`],
      ['get', 'chutich', (s) => `/inspections/${s}/summary`],
      ['get', 'admin', (s) => `/units/${s}`],
      ['patch', 'admin', (s) => `/units/${s}`],
      ['put', 'admin', (s) => `/task-sources/${s}`],
      ['put', 'admin', (s) => `/calendar/overrides/${s}`],
      ['delete', 'admin', (s) => `/calendar/overrides/${s}`],
      ['post', 'admin', (s) => `/digests/${s}`],
      ['get', 'chutich', (s) => `/reports/periods/${s}/2025`],
      ['get', 'chutich', (s) => `/reports/periods/quarter/${s}`],
      ['get', 'chutich', (s) => `/reports/snapshots/${s}`],
      ['post', 'skhdt.giamdoc', (s) => `/notifications/${s}/read`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), segment, async ([method, user, path], s) => {
        const what = `${method.toUpperCase()} ${path(s).slice(0, 120)}`;
        const res = await send(
          method as 'get',
          path(s),
          user,
          method === 'get' || method === 'delete' ? undefined : {},
        );
        expectErrorShape(res, what);
        if (!/^[A-Za-z0-9_.-]+$/.test(s) || s.length > 64) {
          if (res.status < 400 && method !== 'get') throw new Error(`${what} was accepted`);
        }
        if (res.status >= 400 || method === 'get') {
          await expectUnchanged(what);
        } else {
          // A well-formed key or date may legitimately be written (e.g. PUT /task-sources/abc {}
          // is refused, but DELETE of an existing override is not): take a new baseline.
          await flush();
          baseline = await quiesce();
        }
      }),
      { numRuns: 300, seed: SEED, endOnFailure: true },
    );
    await flush();
    expect(requests).toBeGreaterThan(2200);
  });
});
