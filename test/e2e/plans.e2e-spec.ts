import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

describe('The chain from a provincial plan to unit plans and their tasks', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    for (const u of ['chutich', 'skhdt.giamdoc', 'snv.giamdoc', 'skhdt.chuyenvien'])
      tokens[u] = await stack.login(u);
  });
  afterAll(() => stack.close());

  const call = (user: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };

  it('runs 389/KH-UBND → 102/KH-SKHDT → tasks, with one unit late to issue its plan, and rolls up every level', async () => {
    const { body: province } = await call('chutich', 'post', '/plans', {
      symbol: '389/KH-UBND',
      issueDate: dayFromToday(-30),
      title: 'Kế hoạch cải cách hành chính tỉnh Đồng Tháp năm 2024',
      areas: ['tthc', 'chinh_quyen_so'],
    }).expect(201);
    expect(province).toMatchObject({
      symbol: '389/KH-UBND',
      status: 'draft',
      issuingUnitCode: 'UBND',
    });
    await call('chutich', 'post', `/plans/${province.id}/items`, {
      title: 'Rà soát, đơn giản hóa thủ tục hành chính',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.STP,
      dueDate: dayFromToday(60),
    }).expect(201);
    await call('skhdt.giamdoc', 'post', `/plans/${province.id}/issue`, {}).expect(403);
    const issued = await call('chutich', 'post', `/plans/${province.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
        { unitId: unitIds.SNV, dueDate: dayFromToday(-5) },
      ],
    }).expect(201);
    expect(issued.body.status).toBe('issued');
    await call('chutich', 'post', `/plans/${province.id}/issue`, {}).expect(409);

    // Sở KH&ĐT issues its implementing plan in time, with two tasks, one implementing the province's item.
    const { body: skhdt } = await call('skhdt.giamdoc', 'post', '/plans', {
      symbol: '102/KH-SKHDT',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch CCHC năm 2024 của Sở Kế hoạch và Đầu tư',
      parentPlanId: province.id,
    }).expect(201);
    const stpItem = await stack.eventually(async () => {
      const res = await call(
        'chutich',
        'get',
        `/tasks?planId=${province.id}&q=${encodeURIComponent('thủ tục')}`,
      );
      return res.body.items?.[0] ?? null;
    });
    const badParent = await call('skhdt.giamdoc', 'post', `/plans/${skhdt.id}/items`, {
      title: 'x',
      source: 'noi_bo',
      leadUnitId: unitIds['SKHDT-TH'],
      parentTaskId: '00000000-0000-4000-8000-000000000000',
    }).expect(400);
    expect(badParent.body.details[0]).toMatchObject({
      field: 'parentTaskId',
      rule: 'parentPlanTask',
    });
    for (const title of [
      'Niêm yết công khai TTHC lĩnh vực đầu tư',
      'Đăng tin, bài CCHC hằng tháng',
    ]) {
      await call('skhdt.giamdoc', 'post', `/plans/${skhdt.id}/items`, {
        title,
        source: 'noi_bo',
        leadUnitId: unitIds['SKHDT-TH'],
        dueDate: dayFromToday(45),
        parentTaskId: stpItem.id,
      }).expect(201);
    }
    await call('skhdt.giamdoc', 'post', `/plans/${skhdt.id}/issue`, {}).expect(201);
    // Sở Nội vụ registers its plan after its deadline.
    await call('snv.giamdoc', 'post', '/plans', {
      symbol: '15/KH-SNV',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch CCHC năm 2024 của Sở Nội vụ',
      parentPlanId: province.id,
    }).expect(201);

    const tree = await stack.eventually(async () => {
      const res = await call('chutich', 'get', `/plans/${province.id}/tree`).expect(200);
      const done = res.body.tasks.filter(
        (t: { status: string }) => t.status === 'completed',
      ).length;
      // Each plan's workflow starts its items' workflows on its own: wait for both plans.
      const skhdtTasks = res.body.children.find(
        (c: { symbol: string }) => c.symbol === '102/KH-SKHDT',
      )?.tasks.length;
      return done === 2 && skhdtTasks === 2 ? res.body : null;
    });
    const obligation = (code: string) =>
      tree.tasks.find(
        (t: { leadUnitCode: string; title: string }) =>
          t.leadUnitCode === code && t.title.startsWith('Ban hành kế hoạch'),
      );
    expect(obligation('SKHDT')).toMatchObject({
      status: 'completed',
      timeliness: 'completed_early',
    });
    expect(obligation('SNV')).toMatchObject({ status: 'completed', timeliness: 'completed_late' });
    expect(
      tree.obligations.map((o: { unitCode: string; fulfilledBy: string }) => [
        o.unitCode,
        o.fulfilledBy,
      ]),
    ).toEqual([
      ['SKHDT', '102/KH-SKHDT'],
      ['SNV', '15/KH-SNV'],
    ]);
    expect(tree.counts).toMatchObject({
      total: 3,
      completed_early: 1,
      completed_late: 1,
      in_progress: 1,
      implemented: 2,
      implementedLabel: '2/3 (67%)',
    });
    expect(tree.children.map((c: { symbol: string }) => c.symbol).sort()).toEqual([
      '102/KH-SKHDT',
      '15/KH-SNV',
    ]);
    const skhdtNode = tree.children.find((c: { symbol: string }) => c.symbol === '102/KH-SKHDT');
    expect(skhdtNode.counts).toMatchObject({ total: 2, in_progress: 2, implemented: 0 });
    expect(tree.rollup).toMatchObject({
      total: 5,
      completed_early: 1,
      completed_late: 1,
      in_progress: 3,
      implementedLabel: '2/5 (40%)',
    });

    // Sở Nội vụ sees the province's plan it implements, not Sở KH&ĐT's own plan.
    await call('snv.giamdoc', 'get', `/plans/${province.id}`).expect(200);
    const foreign = await call('snv.giamdoc', 'get', `/plans/${skhdt.id}/tree`).expect(403);
    expect(foreign.body.code).toBe('OUTSIDE_SCOPE');
    const snvList = await call('snv.giamdoc', 'get', '/plans').expect(200);
    expect(snvList.body.map((p: { symbol: string }) => p.symbol).sort()).toEqual([
      '15/KH-SNV',
      '389/KH-UBND',
    ]);

    const items = await call('chutich', 'get', `/tasks?planId=${skhdt.id}`).expect(200);
    expect(items.body.items).toHaveLength(2);
    const byPlan = await call(
      'chutich',
      'get',
      `/reports/completion?scope=UBND&from=${dayFromToday(-40)}&to=${dayFromToday(0)}&groupBy=plan`,
    ).expect(200);
    expect(
      byPlan.body.window.groups.map((g: { label: string; total: number }) => [g.label, g.total]),
    ).toEqual([
      ['Kế hoạch số 102/KH-SKHDT', 2],
      ['Kế hoạch số 389/KH-UBND', 3],
    ]);
    const onePlan = await call(
      'chutich',
      'get',
      `/reports/completion?scope=UBND&from=${dayFromToday(-40)}&to=${dayFromToday(0)}&plan=${province.id}`,
    ).expect(200);
    expect(onePlan.body.window.totals).toMatchObject({
      total: 3,
      completedEarly: 1,
      completedLate: 1,
    });
    expect(items.body.items.map((t: { parentTaskId: string }) => t.parentTaskId)).toEqual([
      stpItem.id,
      stpItem.id,
    ]);
  });

  it('starts a plan of 2 000 tasks through its workflow in bounded batches with a short history', async () => {
    const { body: plan } = await call('skhdt.giamdoc', 'post', '/plans', {
      symbol: '500/KH-SKHDT',
      issueDate: dayFromToday(0),
      title: 'Kế hoạch lớn',
    }).expect(201);
    await stack.db.query(
      `INSERT INTO plan_items (plan_id, spec, created_at)
       SELECT $1, jsonb_build_object('title', 'Nhiệm vụ ' || i, 'source', 'noi_bo', 'leadUnitId', $2::text,
                                     'dueDate', $3::text, 'reminderDaysBefore', '[]'::jsonb),
              now() + i * interval '1 microsecond'
       FROM generate_series(1, 2000) i`,
      [plan.id, unitIds['SKHDT-TH'], dayFromToday(90)],
    );
    await call('skhdt.giamdoc', 'post', `/plans/${plan.id}/issue`, {}).expect(201);
    const counts = await stack.eventually(async () => {
      const res = await call('skhdt.giamdoc', 'get', `/plans/${plan.id}`).expect(200);
      return res.body.counts?.total === 2000 && res.body.counts.open === 2000
        ? res.body.counts
        : null;
    }, 150_000);
    expect(counts).toEqual({ total: 2000, open: 2000, completed: 0, cancelled: 0 });
    const [{ n }] = await stack.db.query(
      'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1',
      [plan.id],
    );
    expect(n).toBe(2000);
    const { Client, Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    const description = await new Client({ connection }).workflow
      .getHandle(`plan-${plan.id}`)
      .describe();
    await connection.close();
    expect(description.historyLength).toBeLessThan(5000);
  }, 200_000);

  it('closes a plan with open tasks, carrying them over or cancelling them', async () => {
    const make = async (symbol: string) => {
      const { body: plan } = await call('skhdt.giamdoc', 'post', '/plans', {
        symbol,
        issueDate: dayFromToday(0),
        title: symbol,
      }).expect(201);
      for (const title of ['Việc một', 'Việc hai']) {
        await call('skhdt.giamdoc', 'post', `/plans/${plan.id}/items`, {
          title,
          source: 'noi_bo',
          leadUnitId: unitIds['SKHDT-TH'],
          dueDate: dayFromToday(30),
        }).expect(201);
      }
      await call('skhdt.giamdoc', 'post', `/plans/${plan.id}/issue`, {}).expect(201);
      await stack.eventually(async () => {
        const [{ n }] = await stack.db.query(
          'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1',
          [plan.id],
        );
        return n === 2;
      });
      return plan;
    };
    const carried = await make('601/KH-SKHDT');
    const carriedClosed = await call('skhdt.giamdoc', 'post', `/plans/${carried.id}/close`, {
      mode: 'carry_over',
    }).expect(200);
    expect(carriedClosed.body).toMatchObject({ status: 'closed', counts: { total: 2, open: 2 } });
    const cancelled = await make('602/KH-SKHDT');
    await call('snv.giamdoc', 'post', `/plans/${cancelled.id}/close`, { mode: 'cancel' }).expect(
      403,
    );
    const cancelledClosed = await call('skhdt.giamdoc', 'post', `/plans/${cancelled.id}/close`, {
      mode: 'cancel',
    }).expect(200);
    expect(cancelledClosed.body).toMatchObject({
      status: 'closed',
      counts: { total: 2, open: 0, cancelled: 2 },
    });
    const again = await call('skhdt.giamdoc', 'post', `/plans/${cancelled.id}/close`, {
      mode: 'cancel',
    }).expect(409);
    expect(again.body.code).toBe('PLAN_NOT_ISSUED');
  });

  it('parses and looks up document symbols, rejecting duplicates and bad symbols', async () => {
    const found = await call(
      'chutich',
      'get',
      `/documents?symbol=${encodeURIComponent('389/KH-UBND')}`,
    ).expect(200);
    expect(found.body).toMatchObject([{ symbol: '389/KH-UBND', issuingUnitCode: 'UBND' }]);
    const dup = await call('chutich', 'post', '/documents', {
      symbol: '389/KH-UBND',
      issueDate: dayFromToday(-30),
    }).expect(409);
    expect(dup.body.code).toBe('DOCUMENT_EXISTS');
    const cv = await call('chutich', 'post', '/documents', {
      symbol: '38/VPUBND-KSTTHC',
      issueDate: dayFromToday(0),
    }).expect(201);
    expect(cv.body).toMatchObject({ symbol: '38/VPUBND-KSTTHC', type: null });
    const bad = await call('chutich', 'post', '/documents', {
      symbol: 'không phải ký hiệu',
      issueDate: dayFromToday(0),
    }).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'symbol', rule: 'documentSymbol' });
    const notPlan = await call('chutich', 'post', '/plans', {
      symbol: '790/QĐ-UBND-HC',
      issueDate: dayFromToday(0),
      title: 'x',
    }).expect(400);
    expect(notPlan.body.details[0]).toMatchObject({ field: 'symbol', rule: 'planDocument' });
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM documents WHERE symbol LIKE '790/%'`,
    );
    expect(n).toBe(0);
  });
});
