import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Reorganisation1765100000000 } from '../../db/migrations/1765100000000-reorganisation';
import { ReorganisationUnitMoves1765200000000 } from '../../db/migrations/1765200000000-reorganisation-unit-moves';
import { ReorganisationFollowOn1765300000000 } from '../../db/migrations/1765300000000-reorganisation-follow-on';
import { ReorganisationActivities } from '../../libs/reorganisation/reorganisation.activities';
import { ReorganisationWorkflowsAtBoot } from '../../libs/reorganisation/reorganisation-workflows';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { reorganisationWorkflowId } from '../../workflows/reorganisation/reorganisation.messages';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayFinished } from '../support/workflow-histories';

interface Reorganisation {
  id: string;
  status: string;
  tasksMoved: number;
  tasksSkipped: number;
  usersMoved: number;
  unitsMoved: number;
  failure: string | null;
}

describe('Reorganisation of units (sắp xếp tổ chức) with history kept', () => {
  let stack: TestStack;
  let client: Client;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  const today = dayFromToday(0);
  const vnToday = today.split('-').reverse().join('/');
  let absorbed: { id: string; openTaskId: string };

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of ['admin', 'chutich', 'skhdt.giamdoc', 'snv.giamdoc']) {
      tokens[u] = await stack.login(u);
    }
    client = new Client({
      connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS }),
    });
  });

  afterAll(async () => {
    // The dev server is shared: leave no reorganisation waiting for its date.
    const ids: { id: string }[] = await stack.db.query(
      `SELECT id FROM reorganisations WHERE status = 'scheduled'`,
    );
    for (const { id } of ids) {
      await client.workflow
        .getHandle(reorganisationWorkflowId(id))
        .terminate()
        .catch(() => undefined);
    }
    await client.connection.close();
    await stack.close();
  });

  const send = (method: 'post' | 'get', user: string, path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };
  const newUnit = async (code: string, name: string) =>
    (
      await send('post', 'admin', '/units', {
        code,
        name,
        kind: 'department',
        parentId: unitIds.UBND,
      }).expect(201)
    ).body.id as string;
  const assign = async (leadUnitId: string, title: string) =>
    (
      await send('post', 'chutich', '/tasks', {
        title,
        source: 'ubnd_tinh',
        leadUnitId,
        dueDate: dayFromToday(30),
      }).expect(201)
    ).body.id as string;
  const leadUnitOf = async (taskId: string): Promise<string> =>
    (await stack.db.query(`SELECT lead_unit_id AS id FROM tasks WHERE id = $1`, [taskId]))[0].id;
  const settled = (id: string): Promise<Reorganisation | null> =>
    stack.eventually(async () => {
      const { body } = await send('get', 'chutich', `/reorganisations/${id}`).expect(200);
      return ['scheduled', 'running'].includes(body.status) ? null : (body as Reorganisation);
    });

  it('absorbs Sở Kế hoạch và Đầu tư into Sở Tài chính: open tasks move in their history, completed ones stay, users and sub-units move', async () => {
    const stc = await newUnit('STC', 'Sở Tài chính');
    const open = await assign(unitIds.SKHDT, 'Xây dựng kế hoạch đầu tư công trung hạn');
    const done = await assign(unitIds.SKHDT, 'Báo cáo tình hình thu hút đầu tư');
    await send('post', 'skhdt.giamdoc', `/tasks/${done}/submit`, { result: 'Đã báo cáo' }).expect(
      200,
    );
    await send('post', 'chutich', `/tasks/${done}/approve`, {}).expect(200);

    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'absorb',
      unitId: unitIds.SKHDT,
      successorUnitId: stc,
      effectiveOn: today,
      decision: 'Quyết định số 120/QĐ-UBND',
    }).expect(201);
    expect(['scheduled', 'running', 'completed']).toContain(created.body.status);
    const result = await settled(created.body.id);
    expect(result).toMatchObject({
      status: 'completed',
      tasksMoved: 1,
      tasksSkipped: 0,
      usersMoved: 1,
      unitsMoved: 3,
      failure: null,
    });

    expect(await leadUnitOf(open)).toBe(stc);
    expect(await leadUnitOf(done)).toBe(unitIds.SKHDT);
    const history = (await send('get', 'chutich', `/tasks/${open}/history`).expect(200)).body as {
      action: string;
      data: Record<string, unknown>;
    }[];
    const moved = history.find((e) => e.action === 'reassign');
    expect(moved?.data).toMatchObject({ previousLeadUnitId: unitIds.SKHDT });
    expect(JSON.stringify(moved)).toContain(
      `Sắp xếp tổ chức: Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính từ ${vnToday} (Quyết định số 120/QĐ-UBND)`,
    );

    // The director moves to Sở Tài chính; a specialist of a phòng moves with the phòng.
    const users: { unitId: string }[] = await stack.db.query(
      `SELECT unit_id AS "unitId" FROM users WHERE id = ANY($1::uuid[]) ORDER BY username`,
      [[userIds['skhdt.giamdoc'], userIds['skhdt.chuyenvien']]],
    );
    expect(users.map((u) => u.unitId)).toEqual([unitIds['SKHDT-TH'], stc]);
    const skhdt = await send('get', 'admin', `/units/${unitIds.SKHDT}`).expect(200);
    expect(skhdt.body).toMatchObject({ code: 'SKHDT', dissolvedOn: today });
    const division = await send('get', 'admin', `/units/${unitIds['SKHDT-TH']}`).expect(200);
    expect(division.body).toMatchObject({ parentId: stc, dissolvedOn: null });
    expect(division.body.path).toMatch(new RegExp(`/${stc}/${unitIds['SKHDT-TH']}/$`));

    // Its former director now works for Sở Tài chính and acts on the moved task.
    await send('post', 'skhdt.giamdoc', `/tasks/${open}/accept`).expect(200);
    // Nobody assigns work to a unit that no longer exists, nor moves work there.
    const refused = await send('post', 'chutich', '/tasks', {
      title: 'Nhiệm vụ mới',
      source: 'ubnd_tinh',
      leadUnitId: unitIds.SKHDT,
    }).expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'leadUnitId', rule: 'notDissolved' }),
    ]);
    const back = await send('post', 'chutich', `/tasks/${open}/reassign`, {
      leadUnitId: unitIds.SKHDT,
      reason: 'x',
    }).expect(400);
    expect(back.body.details[0].field).toBe('leadUnitId');

    absorbed = { id: created.body.id, openTaskId: open };
    await replayFinished(stack, reorganisationWorkflowId(created.body.id), 'reorganisation-absorb');
    // Nor do people or new units join it.
    const joining = await send('post', 'admin', '/users', {
      username: 'skhdt.moi',
      password: 'Mat-khau-2026!',
      fullName: 'Nguyễn Văn Mới',
      title: 'Chuyên viên',
      unitId: unitIds.SKHDT,
      roles: ['specialist'],
    }).expect(400);
    expect(joining.body.details[0]).toMatchObject({ field: 'unitId', rule: 'notDissolved' });
    const under = await send('post', 'admin', '/units', {
      code: 'SKHDT-MOI',
      name: 'Phòng mới',
      kind: 'division',
      parentId: unitIds.SKHDT,
    }).expect(400);
    expect(under.body.details[0]).toMatchObject({ field: 'parentId', rule: 'notDissolved' });
    const listed = await send('get', 'snv.giamdoc', '/reorganisations').expect(200);
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(created.body.id);
    // Carried out: it can no longer be cancelled.
    const late = await send('post', 'admin', `/reorganisations/${created.body.id}/cancel`).expect(
      409,
    );
    expect(late.body.code).toBe('REORGANISATION_NOT_SCHEDULED');
  });

  it('moves nothing twice when its activities run again after a crash', async () => {
    const acts = stack.worker!.get(ReorganisationActivities);
    const env = new MockActivityEnvironment();
    // As if the worker died after moving the task but before recording it, mid-run.
    await stack.db.query(`UPDATE reorganisations SET status = 'running' WHERE id = $1`, [
      absorbed.id,
    ]);
    await stack.db.query(
      `UPDATE reorganisation_task_moves SET done_at = NULL, outcome = NULL WHERE reorganisation_id = $1`,
      [absorbed.id],
    );
    expect(await env.run(acts.beginReorganisation.bind(acts), absorbed.id)).toBe(true);
    await env.run(acts.changeUnits.bind(acts), absorbed.id);
    expect(await env.run(acts.moveOpenTasks.bind(acts), absorbed.id)).toBe(1);
    await env.run(acts.moveMembers.bind(acts), absorbed.id);
    expect(await env.run(acts.finishReorganisation.bind(acts), absorbed.id)).toEqual({
      tasksMoved: 1,
      usersMoved: 1,
    });
    const again = await send('get', 'admin', `/reorganisations/${absorbed.id}`).expect(200);
    expect(again.body).toMatchObject({ status: 'completed', unitsMoved: 3, tasksSkipped: 0 });
    const history = await send('get', 'chutich', `/tasks/${absorbed.openTaskId}/history`).expect(
      200,
    );
    expect(history.body.filter((e: { action: string }) => e.action === 'reassign')).toHaveLength(1);
  });

  it('leaves a reorganisation dated in the future scheduled and untouched until cancelled', async () => {
    const created = await send('post', 'chutich', '/reorganisations', {
      kind: 'rename',
      unitId: unitIds.SNV,
      name: 'Sở Nội vụ và Lao động',
      code: 'SNVLD',
      effectiveOn: '2099-01-01',
    }).expect(201);
    expect(created.body).toMatchObject({ status: 'scheduled', newName: 'Sở Nội vụ và Lao động' });
    const handle = client.workflow.getHandle(reorganisationWorkflowId(created.body.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await new Promise((r) => setTimeout(r, 1500));
    const still = await send('get', 'admin', `/reorganisations/${created.body.id}`).expect(200);
    expect(still.body.status).toBe('scheduled');
    const snv = await send('get', 'admin', `/units/${unitIds.SNV}`).expect(200);
    expect(snv.body).toMatchObject({ name: 'Sở Nội vụ', code: 'SNV', dissolvedOn: null });
    // A second one for the same unit waits for this one to be settled.
    const twice = await send('post', 'admin', '/reorganisations', {
      kind: 'rename',
      unitId: unitIds.SNV,
      name: 'Sở Nội vụ (mới)',
      effectiveOn: '2099-06-01',
    }).expect(409);
    expect(twice.body.code).toBe('REORGANISATION_PENDING');

    // Lost by the Temporal server: the API gives it its workflow back when it boots.
    await handle.terminate('test: lost');
    const atBoot = stack.api.get(ReorganisationWorkflowsAtBoot);
    atBoot.onApplicationBootstrap();
    await atBoot.ready;
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const cancelled = await send(
      'post',
      'admin',
      `/reorganisations/${created.body.id}/cancel`,
    ).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(await handle.result()).toMatchObject({ outcome: 'cancelled' });
    const again = await send('post', 'admin', `/reorganisations/${created.body.id}/cancel`).expect(
      409,
    );
    expect(again.body.code).toBe('REORGANISATION_NOT_SCHEDULED');
  });

  it('renames a unit at once, keeping its id and its former name with the days it was used', async () => {
    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'rename',
      unitId: unitIds.STP,
      name: 'Sở Tư pháp tỉnh Đồng Tháp',
      code: 'STPDT',
      effectiveOn: today,
    }).expect(201);
    expect(await settled(created.body.id)).toMatchObject({ status: 'completed' });
    const unit = await send('get', 'admin', `/units/${unitIds.STP}`).expect(200);
    expect(unit.body).toMatchObject({ code: 'STPDT', name: 'Sở Tư pháp tỉnh Đồng Tháp' });
    const names = await send('get', 'admin', `/units/${unitIds.STP}/names`).expect(200);
    expect(names.body).toEqual([
      { name: 'Sở Tư pháp', code: 'STP', validFrom: null, validTo: dayFromToday(-1) },
      { name: 'Sở Tư pháp tỉnh Đồng Tháp', code: 'STPDT', validFrom: today, validTo: null },
    ]);
  });

  it('splits a unit: listed tasks go to their named successor, the others to the default one', async () => {
    const skhcn = await newUnit('SKHCN', 'Sở Khoa học và Công nghệ');
    const svh = await newUnit('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch');
    const press = await assign(unitIds.STTTT, 'Quản lý hoạt động báo chí');
    const digital = await assign(unitIds.STTTT, 'Chuyển đổi số cấp tỉnh');
    const network = await assign(unitIds.STTTT, 'Hạ tầng viễn thông');
    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'split',
      unitId: unitIds.STTTT,
      successorUnitIds: [skhcn, svh],
      defaultSuccessorUnitId: skhcn,
      taskAssignments: [{ taskId: press, unitId: svh }],
      effectiveOn: dayFromToday(-3),
    }).expect(201);
    expect(await settled(created.body.id)).toMatchObject({ status: 'completed', tasksMoved: 3 });
    expect(await leadUnitOf(press)).toBe(svh);
    expect(await leadUnitOf(digital)).toBe(skhcn);
    expect(await leadUnitOf(network)).toBe(skhcn);
    const history = await send('get', 'chutich', `/tasks/${press}/history`).expect(200);
    expect(JSON.stringify(history.body)).toContain(
      'Sở Thông tin và Truyền thông chia thành Sở Khoa học và Công nghệ và Sở Văn hóa, Thể thao và Du lịch',
    );
  });

  it('merges two units into a new one created on the effective date', async () => {
    const a = await newUnit('SGTVT', 'Sở Giao thông vận tải');
    const b = await newUnit('SXD', 'Sở Xây dựng');
    const task = await assign(a, 'Bảo trì quốc lộ');
    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'merge',
      unitIds: [a, b],
      newUnit: { code: 'SXD-M', name: 'Sở Xây dựng (mới)', kind: 'department' },
      effectiveOn: today,
    }).expect(201);
    const newId = created.body.newUnit.id;
    expect(await settled(created.body.id)).toMatchObject({ status: 'completed', tasksMoved: 1 });
    expect(await leadUnitOf(task)).toBe(newId);
    const merged = await send('get', 'admin', `/units/${newId}`).expect(200);
    expect(merged.body).toMatchObject({ parentId: unitIds.UBND, dissolvedOn: null });
    const old = await send('get', 'admin', `/units/${a}`).expect(200);
    expect(old.body.dissolvedOn).toBe(today);
  });

  it('dissolves a unit without open work with no successor, and one with open work into its successor', async () => {
    const idle = await send('post', 'admin', '/reorganisations', {
      kind: 'dissolve',
      unitId: unitIds['VPUBND-HCQT'],
      effectiveOn: today,
    }).expect(201);
    expect(await settled(idle.body.id)).toMatchObject({
      status: 'completed',
      defaultSuccessorUnitId: null,
      tasksMoved: 0,
    });
    const hcqt = await send('get', 'admin', `/units/${unitIds['VPUBND-HCQT']}`).expect(200);
    expect(hcqt.body.dissolvedOn).toBe(today);

    const task = await assign(unitIds['SNV-TCBC'], 'Thẩm định đề án vị trí việc làm');
    const busy = await send('post', 'admin', '/reorganisations', {
      kind: 'dissolve',
      unitId: unitIds['SNV-TCBC'],
      successorUnitId: unitIds['SNV-CCHC'],
      effectiveOn: today,
    }).expect(201);
    expect(await settled(busy.body.id)).toMatchObject({ status: 'completed', tasksMoved: 1 });
    expect(await leadUnitOf(task)).toBe(unitIds['SNV-CCHC']);
  });

  it('fails, changing nothing, when its new unit code was taken before the effective date', async () => {
    const a = await newUnit('BQLDA1', 'Ban Quản lý dự án 1');
    const b = await newUnit('BQLDA2', 'Ban Quản lý dự án 2');
    const created = await send('post', 'admin', '/reorganisations', {
      kind: 'merge',
      unitIds: [a, b],
      newUnit: { code: 'BQLDA', name: 'Ban Quản lý dự án', kind: 'department' },
      effectiveOn: '2099-01-01',
    }).expect(201);
    await newUnit('BQLDA', 'Ban Quản lý dự án (thành lập trước)');
    // Its date arrives: the same workflow run as of today.
    await client.workflow
      .getHandle(reorganisationWorkflowId(created.body.id))
      .terminate('test: run as of today');
    const handle = await client.workflow.start('reorganisation', {
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
      workflowId: reorganisationWorkflowId(created.body.id),
      args: [{ reorganisationId: created.body.id, effectiveOn: today }],
    });
    expect(await handle.result()).toMatchObject({ outcome: 'failed' });
    const failed = await send('get', 'admin', `/reorganisations/${created.body.id}`).expect(200);
    expect(failed.body).toMatchObject({
      status: 'failed',
      failure: 'Mã đơn vị BQLDA đã được dùng',
    });
    const units: { dissolvedOn: string | null }[] = await stack.db.query(
      `SELECT dissolved_on AS "dissolvedOn" FROM units WHERE id = ANY($1::uuid[])`,
      [[a, b]],
    );
    expect(units).toEqual([{ dissolvedOn: null }, { dissolvedOn: null }]);
  });

  it('refuses bad input naming the field, unknown ids with 404 and non-admins with 403', async () => {
    const bad = async (body: object, field: string) => {
      const res = await send('post', 'admin', '/reorganisations', body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ kind: 'absorb', unitId: unitIds.SNV, effectiveOn: today }, 'successorUnitId');
    await bad(
      {
        kind: 'absorb',
        unitId: unitIds.SNV,
        successorUnitId: unitIds.SNV,
        effectiveOn: '2025-02-30',
      },
      'effectiveOn',
    );
    // Sở Kế hoạch và Đầu tư no longer exists (first test).
    await bad(
      { kind: 'absorb', unitId: unitIds.SNV, successorUnitId: unitIds.SKHDT, effectiveOn: today },
      'successorUnitId',
    );
    await bad(
      { kind: 'absorb', unitId: unitIds.UBND, successorUnitId: unitIds.SNV, effectiveOn: today },
      'unitId',
    );
    await bad(
      {
        kind: 'split',
        unitId: unitIds.SNV,
        successorUnitIds: [unitIds.VPUBND, unitIds.STP],
        defaultSuccessorUnitId: unitIds['SNV-CCHC'],
        effectiveOn: today,
      },
      'defaultSuccessorUnitId',
    );
    await bad({ kind: 'reshuffle', unitId: unitIds.SNV, effectiveOn: today }, 'kind');
    await bad({ kind: 'dissolve', unitId: unitIds.SNV, effectiveOn: today }, 'successorUnitId');

    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await send('get', 'admin', `/reorganisations/${unknown}`).expect(404);
    expect(missing.body.code).toBe('REORGANISATION_NOT_FOUND');
    await send('post', 'admin', `/reorganisations/${unknown}/cancel`).expect(404);

    const denied = await send('post', 'snv.giamdoc', '/reorganisations', {
      kind: 'dissolve',
      unitId: unitIds['SNV-TCBC'],
      effectiveOn: today,
    }).expect(403);
    expect(denied.body.code).toBe('ROLE_REQUIRED');
    // The monitor (Văn phòng UBND tỉnh) follows work but does not reorganise.
    tokens['vp.theodoi'] = await stack.login('vp.theodoi');
    await send('post', 'vp.theodoi', '/reorganisations', {}).expect(403);
    await send('post', 'vp.theodoi', `/reorganisations/${unknown}/cancel`).expect(403);
    await send('post', 'chutich', `/reorganisations/${unknown}/cancel`).expect(404);
    await send('post', 'chutich', '/reorganisations', {}).expect(400);
  });

  it('has a migration whose down() undoes it and whose up() applies it again', async () => {
    const migration = new Reorganisation1765100000000();
    const runner = stack.db.createQueryRunner();
    const exists = async () =>
      (
        await runner.query(
          `SELECT to_regclass('reorganisations') IS NOT NULL AS "table",
                  EXISTS (SELECT 1 FROM information_schema.columns
                          WHERE table_name = 'units' AND column_name = 'dissolved_on') AS "column"`,
        )
      )[0];
    try {
      await runner.startTransaction();
      // The later migrations build on its tables: down in reverse order, up again in order.
      const later = [
        new ReorganisationFollowOn1765300000000(),
        new ReorganisationUnitMoves1765200000000(),
      ];
      for (const m of later) await m.down(runner);
      await migration.down(runner);
      expect(await exists()).toEqual({ table: false, column: false });
      await migration.up(runner);
      expect(await exists()).toEqual({ table: true, column: true });
      for (const m of later.reverse()) await m.up(runner);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
