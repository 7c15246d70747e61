import { seedOrganization } from '../../db/seeds/demo-organization';
import { obligationTaskId } from '../../libs/tasks/task-ids';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

describe("A plan's obligation tasks start through its workflow", () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of ['chutich', 'vp.theodoi', 'skhdt.giamdoc']) tokens[u] = await stack.login(u);
  });
  afterAll(() => stack.close());

  const call = (user: string, path: string, body: object) =>
    stack.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`).send(body);
  const draft = async (user: string, symbol: string) =>
    (
      await call(user, '/plans', {
        symbol,
        issueDate: dayFromToday(-1),
        title: `Kế hoạch ${symbol}`,
      }).expect(201)
    ).body as { id: string };
  const written = async (planId: string) => {
    const [row] = await stack.db.query(
      `SELECT (SELECT count(*)::int FROM plan_obligations WHERE plan_id = $1) AS obligations,
              (SELECT count(*)::int FROM tasks WHERE plan_id = $1) AS tasks,
              (SELECT status FROM plans WHERE id = $1) AS status`,
      [planId],
    );
    return row as { obligations: number; tasks: number; status: string };
  };

  it('answers the issue once each obligation task is stored, assigned by the issuer from the plan', async () => {
    const plan = await draft('chutich', '401/KH-UBND');
    await call('vp.theodoi', `/plans/${plan.id}/issue`, {
      implementingUnits: [{ unitId: unitIds.SKHDT, dueDate: dayFromToday(10) }],
    }).expect(403);
    await call('chutich', `/plans/${plan.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
        { unitId: unitIds.SNV, dueDate: dayFromToday(-5) },
      ],
    }).expect(201);
    // No waiting: the obligations are stored when the issue answers.
    const tasks = await stack.db.query(
      `SELECT t.id, t.title, t.source, t.source_document AS "sourceDocument", t.due_date::text AS "dueDate",
              t.assigner_id AS "assignerId", t.assigning_unit_id AS "assigningUnitId",
              t.lead_unit_id AS "leadUnitId", t.status,
              abs(extract(epoch FROM t.assigned_at - p.issued_at)) < 0.001 AS "assignedAtIssue"
       FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.plan_id = $1 ORDER BY t.due_date`,
      [plan.id],
    );
    const common = {
      title: 'Ban hành kế hoạch triển khai Kế hoạch số 401/KH-UBND',
      source: 'ubnd_tinh',
      sourceDocument: '401/KH-UBND',
      assignerId: userIds.chutich,
      assigningUnitId: unitIds.UBND,
      status: 'assigned',
      assignedAtIssue: true,
    };
    expect(tasks).toEqual([
      {
        ...common,
        id: obligationTaskId(plan.id, unitIds.SNV),
        leadUnitId: unitIds.SNV,
        dueDate: dayFromToday(-5),
      },
      {
        ...common,
        id: obligationTaskId(plan.id, unitIds.SKHDT),
        leadUnitId: unitIds.SKHDT,
        dueDate: dayFromToday(10),
      },
    ]);
  });

  it('starts none twice when an interrupted issue is repeated, and starts the units added meanwhile', async () => {
    const plan = await draft('chutich', '402/KH-UBND');
    await call('chutich', `/plans/${plan.id}/issue`, {
      implementingUnits: [{ unitId: unitIds.SKHDT, dueDate: dayFromToday(10) }],
    }).expect(201);
    // An issue interrupted before it marked the plan issued: its workflow is running already.
    await stack.db.query(`UPDATE plans SET status = 'draft' WHERE id = $1`, [plan.id]);
    await call('chutich', `/plans/${plan.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
        { unitId: unitIds.SNV, dueDate: dayFromToday(12) },
      ],
    }).expect(201);
    expect(await written(plan.id)).toEqual({ obligations: 2, tasks: 2, status: 'issued' });
  });

  it('refuses an unknown or out-of-scope implementing unit before writing or starting anything', async () => {
    const plan = await draft('skhdt.giamdoc', '403/KH-SKHDT');
    const unknown = await call('skhdt.giamdoc', `/plans/${plan.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds['SKHDT-TH'], dueDate: dayFromToday(10) },
        { unitId: '00000000-0000-4000-8000-000000000000', dueDate: dayFromToday(10) },
      ],
    }).expect(400);
    expect(unknown.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Invalid input: implementingUnits.1.unitId',
      details: [{ field: 'implementingUnits.1.unitId', rule: 'exists' }],
    });
    const outside = await call('skhdt.giamdoc', `/plans/${plan.id}/issue`, {
      implementingUnits: [
        { unitId: unitIds['SKHDT-TH'], dueDate: dayFromToday(10) },
        { unitId: unitIds.SNV, dueDate: dayFromToday(10) },
      ],
    }).expect(403);
    expect(outside.body.code).toBe('OUTSIDE_SCOPE');
    expect(await written(plan.id)).toEqual({ obligations: 0, tasks: 0, status: 'draft' });
  });
});
