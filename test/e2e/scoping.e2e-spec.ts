import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { UsersService } from '../../libs/organization/users.service';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/**
 * One scoping rule for every read and write: a user sees its unit's subtree (a province-wide role
 * its own province's tree, never another root's) plus the tasks that name it; what opens is what
 * is listed; documents, plans and imports belong to the unit that issues them.
 */
describe('One scoping rule across units and provinces', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  /** The second province, inserted straight into the database as legacy data would be. */
  const other = { root: randomUUID(), dept: randomUUID() };

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    for (const u of [
      'admin',
      'chutich',
      'vp.theodoi',
      'skhdt.giamdoc',
      'skhdt.chuyenvien',
      'snv.giamdoc',
    ])
      tokens[u] = await stack.login(u);
  });
  afterAll(() => stack.close());

  const call = (user: string, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };

  /** Every task id GET /tasks lists for the user, page by page. */
  const listed = async (user: string, query = ''): Promise<Set<string>> => {
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        user,
        'get',
        `/tasks?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      for (const t of page.body.items) ids.add(t.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  };

  const assignVia = async (user: string, leadUnitId: string, title: string) => {
    const res = await call(user, 'post', '/tasks', {
      title,
      source: 'ubnd_tinh',
      leadUnitId,
      dueDate: dayFromToday(-3),
    }).expect(201);
    return res.body.id as string;
  };

  it('refuses a second root unit through the API (409 UNIT_ROOT_EXISTS) and in the database', async () => {
    const before = await stack.db.query('SELECT count(*)::int AS n FROM units');
    const created = await call('admin', 'post', '/units', {
      code: 'TINH2',
      name: 'Ủy ban nhân dân tỉnh khác',
      kind: 'province',
    }).expect(409);
    expect(created.body).toMatchObject({ statusCode: 409, code: 'UNIT_ROOT_EXISTS' });
    const moved = await call('admin', 'patch', `/units/${unitIds.SNV}`, {
      parentId: null,
    }).expect(409);
    expect(moved.body.code).toBe('UNIT_ROOT_EXISTS');
    const [snv] = await stack.db.query('SELECT parent_id, depth FROM units WHERE id = $1', [
      unitIds.SNV,
    ]);
    expect(snv).toEqual({ parent_id: unitIds.UBND, depth: 1 });
    const id = randomUUID();
    await expect(
      stack.db.query(
        `INSERT INTO units (id, code, name, kind, parent_id, path, depth)
         VALUES ($1, 'TINH3', 'x', 'province', NULL, $2, 0)`,
        [id, `/${id}/`],
      ),
    ).rejects.toThrow(/units_single_root/);
    expect(await stack.db.query('SELECT count(*)::int AS n FROM units')).toEqual(before);
    // A unit under the root is still created as before.
    await call('admin', 'post', '/units', {
      code: 'SNV-VP',
      name: 'Văn phòng Sở Nội vụ',
      kind: 'division',
      parentId: unitIds.SNV,
    }).expect(201);
  });

  it('keeps two provinces inserted directly in SQL apart: tasks, counts, plans, reports, drill-downs, exports, users', async () => {
    // Legacy data with two roots (the index forbids it from now on; this world predates it).
    await stack.db.query('DROP INDEX units_single_root');
    await stack.db.query(
      `INSERT INTO units (id, code, name, kind, parent_id, path, depth) VALUES
         ($1, 'T2', 'Ủy ban nhân dân tỉnh Hai', 'province', NULL, $3, 0),
         ($2, 'T2-SNV', 'Sở Nội vụ tỉnh Hai', 'department', $1, $4, 1)`,
      [other.root, other.dept, `/${other.root}/`, `/${other.root}/${other.dept}/`],
    );
    const users = stack.api.get(UsersService);
    for (const [username, unitId, role] of [
      ['t2.chutich', other.root, 'leader'],
      ['t2.giamdoc', other.dept, 'unit_manager'],
    ] as const) {
      await users.create({
        username,
        password: 'GiaoViec@2026',
        fullName: username,
        title: 'x',
        unitId,
        roles: [role],
      });
      tokens[username] = await stack.login(username);
    }

    const mine = await assignVia('chutich', unitIds.SKHDT, 'Nhiệm vụ của tỉnh Đồng Tháp');
    const theirs = await assignVia('t2.chutich', other.dept, 'Nhiệm vụ bí mật của tỉnh Hai');
    // Writes across provinces are refused as well.
    const across = await call('chutich', 'post', '/tasks', {
      title: 'Giao sang tỉnh khác',
      source: 'ubnd_tinh',
      leadUnitId: other.dept,
    }).expect(403);
    expect(across.body.code).toBe('OUTSIDE_SCOPE');

    for (const [user, own, foreign] of [
      ['chutich', mine, theirs],
      ['vp.theodoi', mine, theirs],
      ['admin', mine, theirs],
      ['t2.chutich', theirs, mine],
    ] as const) {
      const ids = await listed(user);
      expect(ids.has(own)).toBe(true);
      expect(ids.has(foreign)).toBe(false);
      const counts = await call(user, 'get', '/tasks/counts').expect(200);
      expect(counts.body.total).toBe(ids.size);
      const denied = await call(user, 'get', `/tasks/${foreign}`).expect(403);
      expect(denied.body.code).toBe('OUTSIDE_SCOPE');
      await call(user, 'get', `/tasks/${foreign}/history`).expect(403);
      await call(user, 'post', `/tasks/${foreign}/cancel`, { reason: 'Không thuộc tỉnh' }).expect(
        403,
      );
    }

    // Reports: another province's scope is refused; one's own root counts one's own tree only.
    const window = `from=${dayFromToday(-30)}&to=${dayFromToday(0)}`;
    const refused = await call('chutich', 'get', `/reports/completion?scope=T2&${window}`).expect(
      403,
    );
    expect(refused.body.code).toBe('OUTSIDE_SCOPE');
    await call('t2.chutich', 'get', `/reports/completion?scope=UBND&${window}`).expect(403);
    await call(
      't2.chutich',
      'get',
      `/reports/completion/tasks?scope=UBND&${window}&class=overdue`,
    ).expect(403);
    for (const [user, scope, own, foreign, rootId] of [
      ['chutich', 'UBND', mine, theirs, unitIds.UBND],
      ['t2.chutich', 'T2', theirs, mine, other.root],
    ] as const) {
      const report = await call(user, 'get', `/reports/completion?scope=${scope}&${window}`).expect(
        200,
      );
      const [{ n }] = await stack.db.query(
        `SELECT count(*)::int AS n FROM tasks t JOIN units u ON u.id = t.lead_unit_id
         WHERE u.path LIKE '/' || $1 || '/%' AND t.assigned_on BETWEEN $2 AND $3`,
        [rootId, dayFromToday(-30), dayFromToday(0)],
      );
      expect(report.body.window.totals.total).toBe(n);
      const drill = await call(
        user,
        'get',
        `/reports/completion/tasks?scope=${scope}&${window}&class=overdue`,
      ).expect(200);
      const drilled = drill.body.items.map((t: { id: string }) => t.id);
      expect(drilled).toContain(own);
      expect(drilled).not.toContain(foreign);
      const csv = await call(user, 'get', '/task-sheets/export.csv').expect(200);
      expect(csv.text).not.toContain(foreign === theirs ? 'tỉnh Hai' : 'Đồng Tháp');
    }

    // Plans: each province's leader sees its own, never the other's.
    const t2Plan = await call('t2.chutich', 'post', '/plans', {
      symbol: '17/KH-T2',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch của tỉnh Hai',
    }).expect(201);
    const ubndPlan = await call('chutich', 'post', '/plans', {
      symbol: '18/KH-UBND',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch của tỉnh Đồng Tháp',
    }).expect(201);
    const symbols = async (user: string) =>
      (await call(user, 'get', '/plans').expect(200)).body.map((p: { symbol: string }) => p.symbol);
    expect(await symbols('chutich')).toEqual(['18/KH-UBND']);
    expect(await symbols('t2.chutich')).toEqual(['17/KH-T2']);
    await call('chutich', 'get', `/plans/${t2Plan.body.id}`).expect(403);
    await call('chutich', 'get', `/plans/${t2Plan.body.id}/tree`).expect(403);
    await call('t2.chutich', 'get', `/plans/${ubndPlan.body.id}/tree`).expect(403);
    // Neither registers the other's symbols.
    await call('t2.chutich', 'post', '/documents', {
      symbol: '19/KH-UBND',
      issueDate: dayFromToday(0),
    }).expect(403);

    // Inspection rounds and their findings stay within their province.
    const { body: round } = await call('t2.chutich', 'post', '/inspections', {
      title: 'Tự kiểm tra công tác CCHC của tỉnh Hai',
      memberIds: [],
      targets: [{ unitId: other.dept, plannedDate: dayFromToday(-2) }],
    }).expect(201);
    await call('t2.chutich', 'post', `/inspections/${round.id}/notify`).expect(200);
    await call('t2.chutich', 'post', `/inspections/${round.id}/inspections`, {
      unitId: other.dept,
      inspectedOn: dayFromToday(-1),
      findings: [
        {
          description: 'Phát hiện riêng của tỉnh Hai',
          severity: 'high',
          requiredAction: 'Khắc phục',
        },
      ],
    }).expect(200);
    const t2Findings = await stack.eventually(async () => {
      const res = await call('t2.chutich', 'get', `/inspections/findings?roundId=${round.id}`);
      return res.body.length === 1 ? res.body : null;
    });
    expect(t2Findings).toHaveLength(1);
    for (const user of ['chutich', 'admin', 'vp.theodoi']) {
      const rounds = await call(user, 'get', '/inspections').expect(200);
      expect(rounds.body.map((r: { id: string }) => r.id)).not.toContain(round.id);
      await call(user, 'get', `/inspections/${round.id}`).expect(403);
      const findings = await call(user, 'get', '/inspections/findings').expect(200);
      expect(findings.body.map((f: { roundId: string }) => f.roundId)).not.toContain(round.id);
    }
    // Nor does a round take its team from another province.
    const [chutich] = await stack.db.query(`SELECT id FROM users WHERE username = 'chutich'`);
    const foreignTeam = await call('t2.chutich', 'post', '/inspections', {
      title: 'Đoàn kiểm tra mượn người tỉnh khác',
      memberIds: [chutich.id],
      targets: [{ unitId: other.dept, plannedDate: dayFromToday(-2) }],
    }).expect(400);
    expect(foreignTeam.body.details[0]).toMatchObject({ field: 'memberIds', rule: 'exists' });
    const rounds = await call('t2.chutich', 'get', '/inspections').expect(200);
    expect(rounds.body.map((r: { id: string }) => r.id)).toEqual([round.id]);

    // Document look-ups stay within one's province.
    const lookup = async (user: string, symbol: string) =>
      (await call(user, 'get', `/documents?symbol=${encodeURIComponent(symbol)}`).expect(200)).body;
    expect(await lookup('chutich', '17/KH-T2')).toEqual([]);
    expect(await lookup('t2.chutich', '18/KH-UBND')).toEqual([]);
    expect(await lookup('t2.chutich', '17/KH-T2')).toHaveLength(1);

    // Notifications: only one's own, another's is as unknown as a missing one.
    const notice = await stack.eventually(async () => {
      const [row] = await stack.db.query(
        `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE u.username = 't2.giamdoc' AND n.task_id = $1`,
        [theirs],
      );
      return row?.id as string | undefined;
    });
    expect(notice).toBeDefined();
    const inbox = await call('chutich', 'get', '/notifications?limit=200').expect(200);
    expect(inbox.body.items.map((n: { id: string }) => n.id)).not.toContain(notice);
    await call('chutich', 'post', `/notifications/${notice}/read`).expect(404);

    const usernames = async (user: string) =>
      (await call(user, 'get', '/users').expect(200)).body.map(
        (u: { username: string }) => u.username,
      );
    expect(await usernames('chutich')).not.toContain('t2.chutich');
    expect(await usernames('t2.chutich')).toEqual(['t2.chutich', 't2.giamdoc']);
  });

  it('shows Sở Nội vụ only its own tasks in the provincial plan tree, and keeps Sở KH&ĐT out of its plan and symbols', async () => {
    const { body: province } = await call('chutich', 'post', '/plans', {
      symbol: '389/KH-UBND',
      issueDate: dayFromToday(-20),
      title: 'Kế hoạch cải cách hành chính tỉnh',
    }).expect(201);
    await call('chutich', 'post', `/plans/${province.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
        { unitId: unitIds.SNV, dueDate: dayFromToday(5) },
      ],
    }).expect(201);
    const { body: skhdt } = await call('skhdt.giamdoc', 'post', '/plans', {
      symbol: '102/KH-SKHDT',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch CCHC của Sở Kế hoạch và Đầu tư',
      parentPlanId: province.id,
    }).expect(201);
    await call('skhdt.giamdoc', 'post', `/plans/${skhdt.id}/items`, {
      title: 'Niêm yết công khai TTHC lĩnh vực đầu tư',
      source: 'noi_bo',
      leadUnitId: unitIds['SKHDT-TH'],
      dueDate: dayFromToday(45),
    }).expect(201);
    await call('skhdt.giamdoc', 'post', `/plans/${skhdt.id}/issue`, {}).expect(201);
    const skhdtTask = await stack.eventually(async () => {
      const [row] = await stack.db.query('SELECT id FROM tasks WHERE plan_id = $1', [skhdt.id]);
      return row?.id as string | undefined;
    });
    expect(skhdtTask).toBeDefined();

    const tree = (await call('snv.giamdoc', 'get', `/plans/${province.id}/tree`).expect(200)).body;
    const child = tree.children.find((c: { symbol: string }) => c.symbol === '102/KH-SKHDT');
    expect(child).toMatchObject({ tasks: [], hiddenTasks: 1, counts: { total: 1 } });
    const text = JSON.stringify(tree);
    expect(text).not.toContain(skhdtTask);
    expect(text).not.toContain('Niêm yết công khai');
    // Its own obligation is listed; Sở KH&ĐT's is counted but not named.
    expect(tree.tasks.map((t: { leadUnitCode: string }) => t.leadUnitCode)).toEqual(['SNV']);
    expect(tree.hiddenTasks).toBe(1);
    expect(tree.rollup.total).toBe(3);
    const skhdtObligation = tree.obligations.find(
      (o: { unitCode: string }) => o.unitCode === 'SKHDT',
    );
    expect(skhdtObligation).toMatchObject({ taskId: null, fulfilledBy: '102/KH-SKHDT' });
    // Every task the tree names opens for the caller.
    const named = [
      ...tree.tasks.map((t: { id: string }) => t.id),
      ...tree.obligations.flatMap((o: { taskId: string | null }) => o.taskId ?? []),
    ];
    for (const id of named) await call('snv.giamdoc', 'get', `/tasks/${id}`).expect(200);
    // The province's leader still sees everything in it.
    const full = (await call('chutich', 'get', `/plans/${province.id}/tree`).expect(200)).body;
    expect(full.hiddenTasks).toBe(0);
    expect(full.children[0].tasks.map((t: { id: string }) => t.id)).toEqual([skhdtTask]);

    // Sở KH&ĐT cannot import a task into Sở Nội vụ's draft plan.
    const { body: snvPlan } = await call('snv.giamdoc', 'post', '/plans', {
      symbol: '15/KH-SNV',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch CCHC của Sở Nội vụ',
      parentPlanId: province.id,
    }).expect(201);
    const csv = Buffer.from(
      'ma_nhiem_vu,ten_nhiem_vu,don_vi_chu_tri,don_vi_phoi_hop,nguon_giao,van_ban_giao,ngay_van_ban,' +
        'ngay_giao,han_xu_ly,ngay_hoan_thanh,ket_qua,ma_nhiem_vu_cha\n' +
        `NV-X,Nhiệm vụ chen vào kế hoạch,SKHDT,,noi_bo,,,,${dayFromToday(30)},,,\n`,
    );
    const imported = await stack.http
      .post(`/api/v1/task-sheets/import?planId=${snvPlan.id}`)
      .set('Authorization', `Bearer ${tokens['skhdt.giamdoc']}`)
      .attach('file', csv, 'nhiem-vu.csv')
      .expect(403);
    expect(imported.body.code).toBe('NOT_PLAN_ISSUER');
    const [{ n }] = await stack.db.query(
      'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1 OR code = $2',
      [snvPlan.id, 'NV-X'],
    );
    expect(n).toBe(0);

    // Documents and plans only under one's own symbol (or a unit below one's own).
    const documents = async () =>
      (await stack.db.query('SELECT count(*)::int AS n FROM documents'))[0].n;
    const before = await documents();
    for (const [path, symbol] of [
      ['/documents', '103/KH-SKHDT'],
      ['/plans', '104/KH-SKHDT'],
      ['/plans', '102/KH-SKHDT'],
    ]) {
      const res = await call('snv.giamdoc', 'post', path, {
        symbol,
        issueDate: dayFromToday(0),
        ...(path === '/plans' && { title: 'Kế hoạch mạo danh' }),
      }).expect(403);
      expect(res.body.code).toBe('NOT_DOCUMENT_ISSUER');
    }
    const unknown = await call('snv.giamdoc', 'post', '/documents', {
      symbol: '5/KH-KHONGCO',
      issueDate: dayFromToday(0),
    }).expect(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'symbol', rule: 'issuerUnit' });
    // The existing 102/KH-SKHDT is taken, also for the province above Sở KH&ĐT.
    for (const user of ['chutich', 'skhdt.giamdoc']) {
      const dup = await call(user, 'post', '/documents', {
        symbol: '102/KH-SKHDT',
        issueDate: dayFromToday(0),
      }).expect(409);
      expect(dup.body.code).toBe('DOCUMENT_EXISTS');
    }
    expect(await documents()).toBe(before);
    await call('chutich', 'post', '/documents', {
      symbol: '105/KH-SKHDT',
      issueDate: dayFromToday(0),
    }).expect(201);
    await call('snv.giamdoc', 'post', '/documents', {
      symbol: '16/KH-SNV',
      issueDate: dayFromToday(0),
    }).expect(201);
  });

  it('lists exactly the tasks each user may open, for every role, over generated tasks', async () => {
    const users: { id: string; username: string }[] = await stack.db.query(
      'SELECT id, username FROM users ORDER BY username',
    );
    const units: { id: string }[] = await stack.db.query('SELECT id FROM units ORDER BY code');
    const unitArb = fc.constantFrom(...units.map((u) => u.id));
    const userArb = fc.constantFrom(...users.map((u) => u.id));
    const specs = fc.sample(
      fc.record({
        assigner: userArb,
        lead: unitArb,
        coordinating: fc.uniqueArray(unitArb, { maxLength: 2 }),
        watchers: fc.uniqueArray(userArb, { maxLength: 2 }),
        reviewers: fc.uniqueArray(userArb, { maxLength: 2 }),
        assignee: fc.option(userArb, { nil: null }),
      }),
      { numRuns: 60, seed: 20261203 },
    );
    const generated: string[] = [];
    for (const [i, s] of specs.entries()) {
      const id = randomUUID();
      generated.push(id);
      await stack.db.query(
        `INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id,
           coordinating_unit_ids, watcher_ids, reviewer_ids, assignee_id, status, assigned_at,
           assigned_on, workflow_id, version)
         SELECT $1, $2, 'ubnd_tinh', $3, u.unit_id, $4, $5, $6, $7, $8, 'assigned', now(),
                current_date, $9, 1
         FROM users u WHERE u.id = $3`,
        [
          id,
          `Nhiệm vụ sinh ${i + 1}`,
          s.assigner,
          s.lead,
          s.coordinating,
          s.watchers,
          s.reviewers,
          s.assignee,
          `scoping-${id}`,
        ],
      );
    }
    expect(specs.some((s) => s.reviewers.length > 0)).toBe(true);

    for (const { username } of users) {
      tokens[username] ??= await stack.login(username);
      const inList = await listed(username);
      const opens = new Set<string>();
      for (const id of generated) {
        const res = await call(username, 'get', `/tasks/${id}`);
        expect([200, 403]).toContain(res.status);
        if (res.status === 200) opens.add(id);
      }
      expect({ username, ids: generated.filter((id) => inList.has(id)).sort() }).toEqual({
        username,
        ids: [...opens].sort(),
      });
      const counts = await call(username, 'get', '/tasks/counts').expect(200);
      expect(counts.body.total).toBe(inList.size);
    }
    // A reviewer named on a task sees it in its list, whatever its unit.
    const reviewed = specs.findIndex((s) => s.reviewers.length > 0);
    const reviewer = users.find((u) => u.id === specs[reviewed].reviewers[0])!;
    expect((await listed(reviewer.username)).has(generated[reviewed])).toBe(true);
  }, 180_000);
});
