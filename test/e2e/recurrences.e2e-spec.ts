import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { RecurrenceSchedulesAtBoot } from '../../libs/recurrences/recurrence-schedules';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { recurrenceScheduleId } from '../../workflows/recurrence/recurrence.messages';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

/** 1 = Thứ Hai … 7 = Chủ nhật. */
const weekdayOf = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

interface OccurrenceRow {
  periodKey: string;
  unitId: string;
  dueDate: string;
  stored: boolean;
  title: string | null;
  leadUnitId: string | null;
  assignerId: string | null;
  assigningUnitId: string | null;
  writtenDueDate: string | null;
  status: string | null;
}

describe('Recurring tasks (nhiệm vụ định kỳ) run on their own Temporal Schedule', () => {
  let stack: TestStack;
  let client: Client;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  // The weekly report is due two days from today; it is created three days ahead.
  const dueDay = dayFromToday(2);
  const weekly = {
    title: 'Báo cáo giao ban',
    source: 'ubnd_tinh',
    rule: { kind: 'weekly', weekday: weekdayOf(dueDay) },
    leadDays: 3,
  };
  let asked: { id: string };

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of ['chutich', 'skhdt.giamdoc', 'snv.giamdoc', 'skhdt.chuyenvien']) {
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

  const send = (method: 'post' | 'patch' | 'get', user: string, path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };
  const occurrences = (recurrenceId: string): Promise<OccurrenceRow[]> =>
    stack.db.query(
      `SELECT o.period_key AS "periodKey", o.unit_id AS "unitId", o.due_date::text AS "dueDate",
              t.id IS NOT NULL AS stored, t.title, t.lead_unit_id AS "leadUnitId",
              t.assigner_id AS "assignerId", t.assigning_unit_id AS "assigningUnitId",
              t.written_due_date::text AS "writtenDueDate", t.status
       FROM recurrence_occurrences o LEFT JOIN tasks t ON t.id = o.task_id
       WHERE o.recurrence_id = $1 ORDER BY o.due_date, o.unit_id`,
      [recurrenceId],
    );
  /** The occurrences once `count` of them are recorded and every task is stored. */
  const stored = async (recurrenceId: string, count: number) => {
    const rows = await stack.eventually(async () => {
      const found = await occurrences(recurrenceId);
      return found.length === count && found.every((o) => o.stored) ? found : null;
    });
    expect(rows ?? (await occurrences(recurrenceId))).toHaveLength(count);
    return rows!;
  };
  const taskCount = async (recurrenceId: string) => {
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks t
       JOIN recurrence_occurrences o ON o.task_id = t.id WHERE o.recurrence_id = $1`,
      [recurrenceId],
    );
    return n as number;
  };

  it('creates the occurrences due, past periods only when asked, each an ordinary task', async () => {
    const targets = { targetUnitIds: [unitIds.SKHDT, unitIds.SNV] };
    const first = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      ...targets,
      startsOn: dayFromToday(-14),
    }).expect(201);
    asked = first.body;
    expect(first.body).toMatchObject({
      status: 'active',
      title: 'Báo cáo giao ban',
      leadDays: 3,
      startsOn: dayFromToday(-14),
      endsOn: null,
      targetUnitKind: null,
      canManage: true,
      assigningUnit: { id: unitIds.UBND },
      createdByName: 'Phạm Thiện Nghĩa',
    });
    expect(first.body.ruleText).toMatch(/^Hằng tuần, hạn (Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật)$/);
    expect(first.body.targetUnits.map((u: { id: string }) => u.id).sort()).toEqual(
      [unitIds.SKHDT, unitIds.SNV].sort(),
    );
    // The next one is the week after the due day's, created three days before it.
    expect(first.body.nextOccurrence).toMatchObject({
      dueDate: dayFromToday(9),
      createOn: dayFromToday(6),
    });
    const plain = await send('post', 'chutich', '/recurrences', { ...weekly, ...targets }).expect(
      201,
    );

    // Asked from two weeks back: three weeks for each unit. Not asked: only the week due ahead.
    const askedRows = await stored(asked.id, 6);
    expect(askedRows.map((o) => o.dueDate)).toEqual(
      [dayFromToday(-12), dayFromToday(-5), dueDay].flatMap((d) => [d, d]),
    );
    const plainRows = await stored(plain.body.id, 2);
    expect(plainRows.map((o) => o.dueDate)).toEqual([dueDay, dueDay]);

    for (const o of askedRows) {
      expect(o).toMatchObject({
        leadUnitId: o.unitId,
        assignerId: userIds.chutich,
        assigningUnitId: unitIds.UBND,
        writtenDueDate: o.dueDate,
        status: 'assigned',
      });
      expect(o.title).toMatch(/^Báo cáo giao ban tuần \d{1,2}\/\d{4} \(\d\d\/\d\d–\d\d\/\d\d\)$/);
    }
    // Each is an ordinary task: its own running workflow, seen by its unit.
    const [mine] = askedRows.filter((o) => o.unitId === unitIds.SKHDT).slice(-1);
    const [{ id: taskId }] = await stack.db.query(
      `SELECT task_id AS id FROM recurrence_occurrences WHERE recurrence_id = $1 AND period_key = $2 AND unit_id = $3`,
      [asked.id, mine.periodKey, mine.unitId],
    );
    const detail = await send('get', 'skhdt.giamdoc', `/tasks/${taskId}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'assigned', dueDate: dueDay });
    const description = await client.workflow.getHandle(`task-${taskId}`).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it("never creates one twice: the Schedule's own runs and an edit find them made", async () => {
    const schedule = client.schedule.getHandle(recurrenceScheduleId(asked.id));
    const described = await schedule.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'recurrenceRun',
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    });
    // The Schedule names each run after its second: two triggers a second apart.
    for (const n of [1, 2]) {
      if (n > 1) await new Promise((resolve) => setTimeout(resolve, 1100));
      await schedule.trigger();
      const run = await stack.eventually(async () => {
        const recent = (await schedule.describe()).info.recentActions;
        return recent.length >= n ? recent[n - 1] : null;
      });
      const result = await client.workflow.getHandle(run!.action.workflow.workflowId).result();
      expect(result).toMatchObject({ date: dayFromToday(0), started: 0, inactive: false });
    }
    const edited = await send('patch', 'chutich', `/recurrences/${asked.id}`, {
      title: 'Báo cáo giao ban hằng tuần',
    }).expect(200);
    expect(edited.body).toMatchObject({ title: 'Báo cáo giao ban hằng tuần', startedNow: 0 });
    expect(await occurrences(asked.id)).toHaveLength(6);
    expect(await taskCount(asked.id)).toBe(6);
  });

  it('makes up, once the worker is back, what came due while it was down', async () => {
    await stack.stopWorker();
    try {
      // Ten days ahead now reaches the next week's report too; no worker runs it yet.
      const edited = await send('patch', 'chutich', `/recurrences/${asked.id}`, {
        leadDays: 10,
      }).expect(200);
      expect(edited.body).toMatchObject({ leadDays: 10, startedNow: null });
      expect(await taskCount(asked.id)).toBe(6);
    } finally {
      await stack.startWorker();
    }
    const rows = await stored(asked.id, 8);
    // The edited title applies to the new occurrences only.
    expect(
      rows
        .slice(-2)
        .map((o) => [o.dueDate, o.title?.startsWith('Báo cáo giao ban hằng tuần tuần')]),
    ).toEqual([
      [dayFromToday(9), true],
      [dayFromToday(9), true],
    ]);
    expect(rows.slice(0, 6).every((o) => !o.title!.includes('hằng tuần'))).toBe(true);
  });

  it("shows each unit's record over the latest periods, to each side as far as it sees", async () => {
    const [{ id: lateId }] = await stack.db.query(
      `SELECT task_id AS id FROM recurrence_occurrences
       WHERE recurrence_id = $1 AND unit_id = $2 AND due_date = $3`,
      [asked.id, unitIds.SKHDT, dayFromToday(-5)],
    );
    const act = (user: string, action: string, body: object = {}) =>
      send('post', user, `/tasks/${lateId}/${action}`, body).expect(200);
    await act('skhdt.giamdoc', 'accept');
    await act('skhdt.giamdoc', 'submit', { result: 'Đã gửi báo cáo' });
    await act('chutich', 'approve');

    const all = await send(
      'get',
      'chutich',
      `/recurrences/${asked.id}/occurrences?periods=2`,
    ).expect(200);
    expect(all.body).toMatchObject({ periods: 2, asOf: dayFromToday(0) });
    expect(all.body.items).toHaveLength(8);
    expect(all.body.items[0].dueDate).toBe(dayFromToday(9));
    const late = all.body.items.find((i: { taskId: string }) => i.taskId === lateId);
    expect(late).toMatchObject({
      status: 'completed',
      timeliness: 'completed_late',
      dueDate: dayFromToday(-5),
    });
    const record = Object.fromEntries(
      all.body.units.map((u: { unit: { code: string } }) => [u.unit.code, u]),
    );
    // The last two periods due by today: SKHDT sent one late and owes the other; SNV owes both.
    expect(record.SKHDT).toMatchObject({
      periods: 2,
      onTime: 0,
      late: 1,
      overdue: 1,
      cancelled: 0,
    });
    expect(record.SNV).toMatchObject({ periods: 2, onTime: 0, late: 0, overdue: 2, cancelled: 0 });

    const theirs = await send('get', 'snv.giamdoc', `/recurrences/${asked.id}/occurrences`).expect(
      200,
    );
    expect(theirs.body.items).toHaveLength(4);
    expect(theirs.body.items.every((i: { unit: { code: string } }) => i.unit.code === 'SNV')).toBe(
      true,
    );
    expect(theirs.body.units.map((u: { unit: { code: string } }) => u.unit.code)).toEqual(['SNV']);
    const seen = await send('get', 'snv.giamdoc', `/recurrences/${asked.id}`).expect(200);
    expect(seen.body.canManage).toBe(false);
    // Outside both sides: not disclosed.
    const hidden = await send('get', 'skhdt.chuyenvien', `/recurrences/${asked.id}`).expect(404);
    expect(hidden.body.code).toBe('RECURRENCE_NOT_FOUND');
    const listed = await send('get', 'skhdt.chuyenvien', '/recurrences').expect(200);
    expect(listed.body).toEqual([]);
  });

  it('pauses, resumes from today and ends; only the assigning side manages it', async () => {
    const path = `/recurrences/${asked.id}`;
    const refused = await send('post', 'snv.giamdoc', `${path}/pause`, {}).expect(403);
    expect(refused.body.code).toBe('OUTSIDE_SCOPE');
    const paused = await send('post', 'chutich', `${path}/pause`, {
      reason: 'Chờ mẫu báo cáo mới',
    }).expect(200);
    expect(paused.body.status).toBe('paused');
    const schedule = client.schedule.getHandle(recurrenceScheduleId(asked.id));
    expect((await schedule.describe()).state).toMatchObject({
      paused: true,
      note: 'Chờ mẫu báo cáo mới',
    });
    const again = await send('post', 'chutich', `${path}/pause`, {}).expect(409);
    expect(again.body.code).toBe('RECURRENCE_NOT_ACTIVE');

    // A run while paused (triggered by hand) creates nothing, even with more due.
    await stack.db.query(`UPDATE recurrences SET lead_days = 17 WHERE id = $1`, [asked.id]);
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const run = await stack.eventually(async () => {
      const recent = (await schedule.describe()).info.recentActions;
      return recent.length > before ? recent[recent.length - 1] : null;
    });
    expect(await client.workflow.getHandle(run!.action.workflow.workflowId).result()).toMatchObject(
      {
        started: 0,
        inactive: true,
      },
    );
    expect(await occurrences(asked.id)).toHaveLength(8);

    const resumed = await send('post', 'chutich', `${path}/resume`).expect(200);
    expect(resumed.body).toMatchObject({ status: 'active', startsOn: dayFromToday(0) });
    expect((await schedule.describe()).state.paused).toBe(false);
    // Seventeen days ahead reach one more week (due in 16 days).
    const rows = await stored(asked.id, 10);
    expect(rows.slice(-1)[0].dueDate).toBe(dayFromToday(16));
    const notPaused = await send('post', 'chutich', `${path}/resume`).expect(409);
    expect(notPaused.body.code).toBe('RECURRENCE_NOT_PAUSED');

    const ended = await send('post', 'chutich', `${path}/end`).expect(200);
    expect(ended.body).toMatchObject({ status: 'ended', nextOccurrence: null });
    expect(ended.body.endedAt).toEqual(expect.any(String));
    await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await send('post', 'chutich', `${path}/end`).expect(409)).body.code).toBe(
      'RECURRENCE_ENDED',
    );
    expect((await send('patch', 'chutich', path, { leadDays: 5 }).expect(409)).body.code).toBe(
      'RECURRENCE_ENDED',
    );
    // The occurrences created go on as ordinary tasks.
    const open = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks t JOIN recurrence_occurrences o ON o.task_id = t.id
       WHERE o.recurrence_id = $1 AND t.status = 'assigned'`,
      [asked.id],
    );
    expect(open[0].n).toBe(9);
  });

  it('assigns to every unit of a kind in the scope, as the organisation stands', async () => {
    const created = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      title: 'Báo cáo tình hình',
      targetUnitKind: 'department',
    }).expect(201);
    expect(created.body).toMatchObject({ targetUnitKind: 'department', targetUnits: [] });
    const rows = await stored(created.body.id, 4);
    const codes = await stack.db.query(
      `SELECT code FROM units WHERE id = ANY($1::uuid[]) ORDER BY code`,
      [rows.map((o) => o.unitId)],
    );
    expect(codes.map((u: { code: string }) => u.code)).toEqual(['SKHDT', 'SNV', 'STP', 'STTTT']);
    // A Sở's director sees it (their unit is a target) but does not manage it.
    const seen = await send('get', 'skhdt.giamdoc', '/recurrences').expect(200);
    expect(seen.body.map((r: { id: string }) => r.id)).toContain(created.body.id);
  });

  it('gets its Schedule back when an API boots after the Temporal server lost it', async () => {
    const [{ id }] = await stack.db.query(
      `SELECT id FROM recurrences WHERE status = 'active' AND target_unit_kind = 'department'`,
    );
    const schedule = client.schedule.getHandle(recurrenceScheduleId(id));
    await schedule.delete();
    const api = await createApiApp(stack.env);
    try {
      await api.init();
      await api.get(RecurrenceSchedulesAtBoot).ready;
      expect((await schedule.describe()).action).toMatchObject({
        workflowType: 'recurrenceRun',
        args: [{ recurrenceId: id }],
      });
    } finally {
      await api.close();
    }
  });

  it('refuses bad input naming each field, targets outside the scope, and unknown ids', async () => {
    const empty = await send('post', 'chutich', '/recurrences', {}).expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    const fields = empty.body.details.map((d: { field: string }) => d.field);
    expect([...new Set(fields)].sort()).toEqual([
      'rule',
      'source',
      'targetUnitIds',
      'targetUnitKind',
      'title',
    ]);

    const noPeriod = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      rule: { kind: 'period', dueAfterWorkingDays: 3 },
      targetUnitIds: [unitIds.SNV],
    }).expect(400);
    expect(noPeriod.body.details.map((d: { field: string }) => d.field)).toEqual([
      'rule.periodType',
    ]);

    const both = await send('post', 'chutich', '/recurrences', {
      ...weekly,
      source: 'khong_co',
      targetUnitIds: [unitIds.SNV],
      targetUnitKind: 'department',
      startsOn: dayFromToday(-400),
    }).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'source',
      'startsOn',
      'targetUnitKind',
    ]);

    const outside = await send('post', 'skhdt.giamdoc', '/recurrences', {
      ...weekly,
      targetUnitIds: [unitIds.SNV],
    }).expect(403);
    expect(outside.body.code).toBe('OUTSIDE_SCOPE');
    const specialist = await send('post', 'skhdt.chuyenvien', '/recurrences', {
      ...weekly,
      targetUnitIds: [unitIds['SKHDT-TH']],
    }).expect(403);
    expect(specialist.body.code).toBe('ROLE_REQUIRED');

    const unknown = await send('get', 'chutich', `/recurrences/${crypto.randomUUID()}`).expect(404);
    expect(unknown.body.code).toBe('RECURRENCE_NOT_FOUND');
    expect(
      (await send('post', 'chutich', `/recurrences/${crypto.randomUUID()}/pause`, {}).expect(404))
        .body.code,
    ).toBe('RECURRENCE_NOT_FOUND');
    // Nothing half-written by the refusals.
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM recurrences`);
    expect(n).toBe(3);
  });
});
