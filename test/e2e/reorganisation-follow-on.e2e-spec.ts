import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ReorganisationFollowOn1765300000000 } from '../../db/migrations/1765300000000-reorganisation-follow-on';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { UnitsService } from '../../libs/organization/units.service';
import { UsersService } from '../../libs/organization/users.service';
import { ReorganisationActivities } from '../../libs/reorganisation/reorganisation.activities';
import { roundStateQuery, roundWorkflowId } from '../../workflows/inspection/inspection.messages';
import { reorganisationWorkflowId } from '../../workflows/reorganisation/reorganisation.messages';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayFinished } from '../support/workflow-histories';

interface Reorganisation {
  id: string;
  status: string;
  tasksMoved: number;
  usersMoved: number;
  plansMoved: number;
  obligationsMoved: number;
  recurrencesMoved: number;
  inspectionRoundsMoved: number;
  findingsMoved: number;
  failure: string | null;
}

const DAY_MS = 1000;

/**
 * What follows the successor besides tasks, users and sub-units (docs/domain.md §9): inspection
 * rounds not closed, open plans, pending plan obligations and recurrences.
 */
describe('Reorganisation: inspections, plans and recurrences follow the successor', () => {
  let stack: TestStack;
  let client: Client;
  let unitIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  const today = dayFromToday(0);

  beforeAll(async () => {
    // A day of a second: the round checks its remediation tasks every second.
    stack = await TestStack.start({ env: { TASK_DAY_LENGTH_MS: String(DAY_MS) } });
    ({ unitIds } = await seedOrganization(stack.api));
    const units = stack.api.get(UnitsService);
    const users = stack.api.get(UsersService);
    for (const [code, name, parent] of [
      ['SLDTBXH', 'Sở Lao động - Thương binh và Xã hội', 'UBND'],
      ['SLDTBXH-VL', 'Phòng Việc làm - An toàn lao động', 'SLDTBXH'],
      ['SYT', 'Sở Y tế', 'UBND'],
      ['SCT', 'Sở Công Thương', 'UBND'],
      ['SCT-QLTM', 'Phòng Quản lý thương mại', 'SCT'],
      ['SNNMT', 'Sở Nông nghiệp và Môi trường', 'UBND'],
    ]) {
      unitIds[code] = (
        await units.create({
          code,
          name,
          kind: parent === 'UBND' ? 'department' : 'division',
          parentId: unitIds[parent],
        })
      ).id;
    }
    for (const [username, unit] of [
      ['sldtbxh.giamdoc', 'SLDTBXH'],
      ['sct.giamdoc', 'SCT'],
      ['snnmt.giamdoc', 'SNNMT'],
    ]) {
      await users.create({
        username,
        password: 'GiaoViec@2026',
        fullName: username,
        title: 'Giám đốc',
        unitId: unitIds[unit],
        roles: ['unit_manager'],
      });
    }
    for (const u of [
      'admin',
      'chutich',
      'snv.giamdoc',
      'sldtbxh.giamdoc',
      'sct.giamdoc',
      'snnmt.giamdoc',
    ]) {
      tokens[u] = await stack.login(u);
    }
    client = new Client({
      connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS }),
    });
  });

  afterAll(async () => {
    await client.connection.close();
    await stack.close();
  });

  const send = (method: 'post' | 'get', user: string, path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };
  const assign = async (leadUnitId: string, title: string) =>
    (
      await send('post', 'chutich', '/tasks', {
        title,
        source: 'ubnd_tinh',
        leadUnitId,
        dueDate: dayFromToday(30),
      }).expect(201)
    ).body.id as string;
  const taskOf = async (taskId: string): Promise<{ leadUnitId: string; status: string }> =>
    (
      await stack.db.query(`SELECT lead_unit_id AS "leadUnitId", status FROM tasks WHERE id = $1`, [
        taskId,
      ])
    )[0];
  const settled = (id: string): Promise<Reorganisation | null> =>
    stack.eventually(async () => {
      const { body } = await send('get', 'chutich', `/reorganisations/${id}`).expect(200);
      return ['scheduled', 'running'].includes(body.status) ? null : (body as Reorganisation);
    });

  it('splits a unit in the middle of an inspection round: targets and findings go to the successor, which leads the remediation the round then follows', async () => {
    const x = unitIds.SLDTBXH;
    const snv = unitIds.SNV;
    const syt = unitIds.SYT;
    // Round 1: the province inspects the Sở about to be split, its future successor and Sở Tư pháp.
    const { body: round } = await send('post', 'chutich', '/inspections', {
      title: 'Kiểm tra công tác CCHC năm 2025',
      memberIds: [],
      targets: [x, snv, unitIds.STP].map((unitId, i) => ({
        unitId,
        plannedDate: dayFromToday(1 + i),
      })),
      areas: ['tthc'],
    }).expect(201);
    await send('post', 'chutich', `/inspections/${round.id}/notify`).expect(200);
    await send('post', 'sldtbxh.giamdoc', `/inspections/${round.id}/self-reports`, {
      unitId: x,
      report: 'Báo cáo tự kiểm tra của Sở Lao động - Thương binh và Xã hội',
    }).expect(200);
    await send('post', 'chutich', `/inspections/${round.id}/inspections`, {
      unitId: x,
      inspectedOn: today,
      findings: [
        {
          description: 'Chưa công khai thủ tục cấp giấy phép lao động',
          area: 'tthc',
          severity: 'high',
          requiredAction: 'Niêm yết đủ thủ tục tại Bộ phận Một cửa',
        },
        {
          description: 'Hồ sơ trợ cấp thất nghiệp giải quyết trễ hạn',
          area: 'tthc',
          severity: 'medium',
          requiredAction: 'Rà soát, xin lỗi người dân theo quy định',
        },
      ],
    }).expect(200);
    await send('post', 'chutich', `/inspections/${round.id}/inspections`, {
      unitId: unitIds.STP,
      inspectedOn: today,
      findings: [],
    }).expect(200);
    // Round 2: the Sở itself inspects its phòng.
    const { body: own } = await send('post', 'sldtbxh.giamdoc', '/inspections', {
      title: 'Tự kiểm tra CCHC của Sở năm 2025',
      memberIds: [],
      targets: [{ unitId: unitIds['SLDTBXH-VL'], plannedDate: today }],
    }).expect(201);
    await send('post', 'sldtbxh.giamdoc', `/inspections/${own.id}/notify`).expect(200);
    await send('post', 'sldtbxh.giamdoc', `/inspections/${own.id}/inspections`, {
      unitId: unitIds['SLDTBXH-VL'],
      inspectedOn: today,
      findings: [
        {
          description: 'Chưa cập nhật cơ sở dữ liệu người lao động',
          severity: 'low',
          requiredAction: 'Cập nhật đầy đủ',
        },
      ],
    }).expect(200);
    // Its tasks: one done before the split, two open.
    const done = await assign(x, 'Báo cáo tình hình lao động năm 2024');
    await send('post', 'sldtbxh.giamdoc', `/tasks/${done}/submit`, { result: 'Đã báo cáo' }).expect(
      200,
    );
    await send('post', 'chutich', `/tasks/${done}/approve`, {}).expect(200);
    const labour = await assign(x, 'Quản lý lao động nước ngoài');
    const health = await assign(x, 'Bảo trợ xã hội, phòng chống tệ nạn');

    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'split',
      unitId: x,
      successorUnitIds: [snv, syt],
      defaultSuccessorUnitId: snv,
      taskAssignments: [{ taskId: health, unitId: syt }],
      effectiveOn: today,
      decision: 'Nghị quyết số 15/NQ-HĐND',
    }).expect(201);
    const result = await settled(created.body.id);
    expect(result).toMatchObject({
      status: 'completed',
      tasksMoved: 2,
      inspectionRoundsMoved: 2,
      findingsMoved: 2,
      plansMoved: 0,
      obligationsMoved: 0,
      recurrencesMoved: 0,
      failure: null,
    });

    // One target row per unit: Sở Nội vụ keeps its own (still to inspect); the split Sở's is gone.
    const targets = (roundId: string) =>
      stack.db.query(
        `SELECT unit_id AS "unitId", status FROM inspection_targets WHERE round_id = $1
         ORDER BY status, unit_id`,
        [roundId],
      );
    expect(await targets(round.id)).toEqual([
      { unitId: unitIds.STP, status: 'inspected' },
      { unitId: snv, status: 'planned' },
    ]);
    const findingUnits = async (roundId: string) =>
      (
        await stack.db.query(
          `SELECT unit_id AS "unitId" FROM inspection_findings WHERE round_id = $1`,
          [roundId],
        )
      ).map((f: { unitId: string }) => f.unitId);
    expect(await findingUnits(round.id)).toEqual([snv, snv]);
    const [ownRow] = await stack.db.query(
      `SELECT inspecting_unit_id AS "inspectingUnitId" FROM inspection_rounds WHERE id = $1`,
      [own.id],
    );
    expect(ownRow.inspectingUnitId).toBe(snv);
    // The round's workflow knows it too.
    const state = await client.workflow.getHandle(roundWorkflowId(round.id)).query(roundStateQuery);
    expect(state.targets).toEqual({ [snv]: 'planned', [unitIds.STP]: 'inspected' });
    expect(state.findings.map((f) => f.unitId)).toEqual([snv, snv]);

    // Tasks: open ones moved by list or to the default successor, the finished one stays.
    expect(await taskOf(done)).toEqual({ leadUnitId: x, status: 'completed' });
    expect((await taskOf(labour)).leadUnitId).toBe(snv);
    expect((await taskOf(health)).leadUnitId).toBe(syt);

    // A retry after a crash before the rounds were marked: told again, nothing moves twice.
    const acts = stack.worker!.get(ReorganisationActivities);
    await stack.db.query(
      `UPDATE reorganisations SET status = 'running', inspection_rounds_done = '{}' WHERE id = $1`,
      [created.body.id],
    );
    const env = new MockActivityEnvironment();
    expect(await env.run(acts.moveInspectionRounds.bind(acts), created.body.id)).toBe(2);
    await env.run(acts.finishReorganisation.bind(acts), created.body.id);
    const again = await send('get', 'admin', `/reorganisations/${created.body.id}`).expect(200);
    expect(again.body).toMatchObject({ inspectionRoundsMoved: 2, findingsMoved: 2 });
    expect(await targets(round.id)).toEqual([
      { unitId: unitIds.STP, status: 'inspected' },
      { unitId: snv, status: 'planned' },
    ]);
    expect(await findingUnits(round.id)).toEqual([snv, snv]);

    // Concluded after the split: remediation is led by the successor, never the dissolved unit.
    await send('post', 'chutich', `/inspections/${round.id}/conclusion`, {
      concludedOn: today,
    }).expect(200);
    await send('post', 'sldtbxh.giamdoc', `/inspections/${own.id}/conclusion`, {
      concludedOn: today,
    }).expect(200);
    const remediation = async (roundId: string) =>
      stack.eventually(async () => {
        const rows: {
          taskId: string;
          leadUnitId: string | null;
          assigningUnitId: string | null;
          status: string | null;
        }[] = await stack.db.query(
          `SELECT f.task_id AS "taskId", t.lead_unit_id AS "leadUnitId",
                  t.assigning_unit_id AS "assigningUnitId", t.status
           FROM inspection_findings f LEFT JOIN tasks t ON t.id = f.task_id
           WHERE f.round_id = $1 ORDER BY f.created_at, f.id`,
          [roundId],
        );
        return rows.every((r) => r.status) ? rows : null;
      });
    const tasks = (await remediation(round.id))!;
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t).toMatchObject({
        leadUnitId: snv,
        assigningUnitId: unitIds.UBND,
        status: 'assigned',
      });
    }
    const [ownTask] = (await remediation(own.id))!;
    expect(ownTask).toMatchObject({
      leadUnitId: unitIds['SLDTBXH-VL'],
      assigningUnitId: snv,
      status: 'assigned',
    });
    const listed = await send('get', 'chutich', `/inspections/findings?roundId=${round.id}`).expect(
      200,
    );
    expect(listed.body.map((f: { unitCode: string }) => f.unitCode)).toEqual(['SNV', 'SNV']);

    // The round follows them: once both are accepted it closes itself.
    for (const t of tasks) {
      await send('post', 'snv.giamdoc', `/tasks/${t.taskId}/submit`, {
        result: 'Đã khắc phục',
      }).expect(200);
      await send('post', 'chutich', `/tasks/${t.taskId}/approve`, {}).expect(200);
    }
    const closed = await stack.eventually(async () => {
      const [r] = await stack.db.query(`SELECT status FROM inspection_rounds WHERE id = $1`, [
        round.id,
      ]);
      return r.status === 'closed' ? r : null;
    });
    expect(closed).toEqual({ status: 'closed' });
    // Both workflows replay their histories (with the follow-on steps and a moveUnits update).
    await replayFinished(
      stack,
      reorganisationWorkflowId(created.body.id),
      'reorganisation-split-follow-on',
    );
    await replayFinished(stack, roundWorkflowId(round.id), 'inspection-units-moved');
  });

  it('absorbs a unit: its open plans, pending obligations and recurrences go to the successor; what it finished stays', async () => {
    const sct = unitIds.SCT;
    const snnmt = unitIds.SNNMT;
    const issuedPlan = async (symbol: string, implementing: string[]) => {
      const { body: plan } = await send('post', 'chutich', '/plans', {
        symbol,
        issueDate: today,
        title: `Kế hoạch ${symbol}`,
      }).expect(201);
      await send('post', 'chutich', `/plans/${plan.id}/issue`, {
        implementingUnits: implementing.map((unitId) => ({ unitId, dueDate: dayFromToday(20) })),
      }).expect(201);
      return plan.id as string;
    };
    const onlyOld = await issuedPlan('501/KH-UBND', [sct]);
    const both = await issuedPlan('502/KH-UBND', [sct, snnmt]);
    const fulfilled = await issuedPlan('503/KH-UBND', [sct]);
    // Sở Công Thương meets the third obligation with its own plan (a draft, to carry on).
    const { body: ownDraft } = await send('post', 'sct.giamdoc', '/plans', {
      symbol: '11/KH-SCT',
      issueDate: today,
      title: 'Kế hoạch triển khai 503/KH-UBND',
      parentPlanId: fulfilled,
    }).expect(201);
    // A plan of its own, closed before the absorption.
    const { body: closedPlan } = await send('post', 'sct.giamdoc', '/plans', {
      symbol: '12/KH-SCT',
      issueDate: today,
      title: 'Kế hoạch phát triển thương mại điện tử',
    }).expect(201);
    await send('post', 'sct.giamdoc', `/plans/${closedPlan.id}/items`, {
      title: 'Khảo sát doanh nghiệp',
      source: 'noi_bo',
      leadUnitId: unitIds['SCT-QLTM'],
      dueDate: dayFromToday(30),
    }).expect(201);
    await send('post', 'sct.giamdoc', `/plans/${closedPlan.id}/issue`, {}).expect(201);
    await stack.eventually(async () => {
      const [{ n }] = await stack.db.query(
        'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1',
        [closedPlan.id],
      );
      return n === 1;
    });
    await send('post', 'sct.giamdoc', `/plans/${closedPlan.id}/close`, { mode: 'cancel' }).expect(
      200,
    );
    const obligation = async (planId: string, unitId: string) =>
      (
        await stack.db.query(
          `SELECT o.unit_id AS "unitId", o.taken_over_by_unit_id AS "takenOverBy",
                  o.fulfilled_by_plan_id AS "fulfilledBy", o.task_id AS "taskId", t.status,
                  t.lead_unit_id AS "leadUnitId"
           FROM plan_obligations o LEFT JOIN tasks t ON t.id = o.task_id
           WHERE o.plan_id = $1 AND $2 IN (o.unit_id, o.taken_over_by_unit_id)
           ORDER BY o.unit_id = $2 DESC`,
          [planId, unitId],
        )
      )[0];
    await stack.eventually(async () => (await obligation(both, sct))?.status);
    await stack.eventually(async () => (await obligation(onlyOld, sct))?.status);
    expect(await obligation(fulfilled, sct)).toMatchObject({
      fulfilledBy: ownDraft.id,
      status: 'completed',
    });

    // Recurrences: the province's names both Sở, one of the Sở's own, one ended.
    const weekly = {
      source: 'ubnd_tinh',
      rule: { kind: 'weekly', weekday: 1 },
      leadDays: 3,
      startsOn: dayFromToday(60),
    };
    const { body: province } = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      title: 'Báo cáo giá cả thị trường',
      targetUnitIds: [sct, snnmt, unitIds.STP],
    }).expect(201);
    const { body: ownRecurrence } = await send('post', 'sct.giamdoc', '/recurrences', {
      ...weekly,
      source: 'noi_bo',
      title: 'Báo cáo tình hình thương mại',
      targetUnitIds: [unitIds['SCT-QLTM']],
    }).expect(201);
    const { body: ended } = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      title: 'Báo cáo xuất khẩu',
      targetUnitIds: [sct],
    }).expect(201);
    await send('post', 'chutich', `/recurrences/${ended.id}/end`, {}).expect(200);

    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'absorb',
      unitId: sct,
      successorUnitId: snnmt,
      effectiveOn: today,
    }).expect(201);
    const result = await settled(created.body.id);
    expect(result).toMatchObject({
      status: 'completed',
      tasksMoved: 2,
      plansMoved: 1,
      obligationsMoved: 2,
      recurrencesMoved: 2,
      inspectionRoundsMoved: 0,
      findingsMoved: 0,
    });

    // Plans: the draft goes on under the successor; the closed one and the KH document stay.
    const plans: { id: string; issuingUnitId: string; documentUnitId: string }[] =
      await stack.db.query(
        `SELECT p.id, p.issuing_unit_id AS "issuingUnitId", d.issuing_unit_id AS "documentUnitId"
         FROM plans p JOIN documents d ON d.id = p.document_id WHERE p.id = ANY($1::uuid[])`,
        [[ownDraft.id, closedPlan.id]],
      );
    expect(plans.find((p) => p.id === ownDraft.id)).toMatchObject({
      issuingUnitId: snnmt,
      documentUnitId: sct,
    });
    expect(plans.find((p) => p.id === closedPlan.id)).toMatchObject({ issuingUnitId: sct });
    // Obligations: moved, taken over where the successor had one, the met one stays.
    expect(await obligation(onlyOld, snnmt)).toMatchObject({
      unitId: snnmt,
      takenOverBy: null,
      leadUnitId: snnmt,
      status: 'assigned',
    });
    const takenOver = await obligation(both, sct);
    expect(takenOver).toMatchObject({ unitId: sct, takenOverBy: snnmt, leadUnitId: snnmt });
    expect(await obligation(fulfilled, sct)).toMatchObject({ unitId: sct, status: 'completed' });
    // Recurrences: the old unit replaced once; assigning unit and scope follow; ended ones stay.
    const recurrence = async (id: string) =>
      (
        await stack.db.query(
          `SELECT r.target_unit_ids AS "targetUnitIds", r.assigning_unit_id AS "assigningUnitId",
                  r.scope_path = u.path AS "scopeIsSuccessor"
           FROM recurrences r, units u WHERE r.id = $1 AND u.id = $2`,
          [id, snnmt],
        )
      )[0];
    expect(await recurrence(province.id)).toMatchObject({
      targetUnitIds: [snnmt, unitIds.STP],
      assigningUnitId: unitIds.UBND,
    });
    expect(await recurrence(ownRecurrence.id)).toEqual({
      targetUnitIds: [unitIds['SCT-QLTM']],
      assigningUnitId: snnmt,
      scopeIsSuccessor: true,
    });
    expect(await recurrence(ended.id)).toMatchObject({ targetUnitIds: [sct] });

    // A retried step changes nothing twice.
    const acts = stack.worker!.get(ReorganisationActivities);
    const env = new MockActivityEnvironment();
    await stack.db.query(`UPDATE reorganisations SET status = 'running' WHERE id = $1`, [
      created.body.id,
    ]);
    await env.run(acts.moveUnitWork.bind(acts), created.body.id);
    await env.run(acts.finishReorganisation.bind(acts), created.body.id);
    const again = await send('get', 'admin', `/reorganisations/${created.body.id}`).expect(200);
    expect(again.body).toMatchObject({ plansMoved: 1, obligationsMoved: 2, recurrencesMoved: 2 });
    expect((await recurrence(province.id)).targetUnitIds).toEqual([snnmt, unitIds.STP]);

    // The successor's one implementing plan meets its own obligation and the one it took over.
    await send('post', 'snnmt.giamdoc', '/plans', {
      symbol: '20/KH-SNNMT',
      issueDate: today,
      title: 'Kế hoạch triển khai 502/KH-UBND',
      parentPlanId: both,
    }).expect(201);
    await send('post', 'snnmt.giamdoc', '/plans', {
      symbol: '21/KH-SNNMT',
      issueDate: today,
      title: 'Kế hoạch triển khai 501/KH-UBND',
      parentPlanId: onlyOld,
    }).expect(201);
    const statuses = await stack.eventually(async () => {
      const rows: { status: string }[] = await stack.db.query(
        `SELECT t.status FROM plan_obligations o JOIN tasks t ON t.id = o.task_id
         WHERE o.plan_id = ANY($1::uuid[])`,
        [[both, onlyOld]],
      );
      return rows.every((r) => r.status === 'completed') ? rows : null;
    });
    expect(statuses).toHaveLength(3);
  });

  it('refuses to dissolve without a successor a unit with a plan or an inspection round still open', async () => {
    const unit = (
      await send('post', 'admin', '/units', {
        code: 'BQLKKT',
        name: 'Ban Quản lý Khu kinh tế',
        kind: 'department',
        parentId: unitIds.UBND,
      }).expect(201)
    ).body.id as string;
    await send('post', 'chutich', '/inspections', {
      title: 'Kiểm tra công tác CCHC tại Ban Quản lý Khu kinh tế',
      memberIds: [],
      targets: [{ unitId: unit, plannedDate: dayFromToday(5) }],
    }).expect(201);
    const refused = await send('post', 'admin', '/reorganisations', {
      kind: 'dissolve',
      unitId: unit,
      effectiveOn: today,
    }).expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({
        field: 'successorUnitId',
        rule: 'required',
        message: 'Đơn vị còn 0 kế hoạch và 1 đợt kiểm tra chưa kết thúc: cần đơn vị kế thừa',
      }),
    ]);
  });

  it('has a migration whose down() undoes it and whose up() applies it again', async () => {
    const migration = new ReorganisationFollowOn1765300000000();
    const runner = stack.db.createQueryRunner();
    const columns = async () =>
      (
        await runner.query(
          `SELECT count(*)::int AS n FROM information_schema.columns
           WHERE (table_name = 'reorganisations' AND column_name IN ('work_moved_at', 'plans_moved',
                    'obligations_moved', 'recurrences_moved', 'inspection_round_ids',
                    'inspection_rounds_done', 'findings_moved'))
              OR (table_name = 'plan_obligations' AND column_name = 'taken_over_by_unit_id')`,
        )
      )[0].n;
    try {
      await runner.startTransaction();
      expect(await columns()).toBe(8);
      await migration.down(runner);
      expect(await columns()).toBe(0);
      await migration.up(runner);
      expect(await columns()).toBe(8);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
