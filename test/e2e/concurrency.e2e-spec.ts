import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayOptions } from '../support/workflow-histories';

/**
 * Parallel copies of every action on one task, of same-code assignments (single and bulk) and of
 * a plan's issue: every 2xx is stored exactly once, the row equals the workflow's state, nothing
 * waits long, the workflow's history replays, and the next request works.
 */
describe('Concurrent requests on one task, one code and one plan', () => {
  let stack: TestStack;
  let temporal: Client;
  let connection: Connection;
  let unitIds: Record<string, string>;
  let leader: string;
  let manager: string;

  beforeAll(async () => {
    // Days of 5 s: reminders of a task due in three days fire during the races.
    stack = await TestStack.start({ env: { TASK_DAY_LENGTH_MS: '5000' } });
    ({ unitIds } = await seedOrganization(stack.api));
    [leader, manager] = await Promise.all(['chutich', 'skhdt.giamdoc'].map((u) => stack.login(u)));
    connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection });
  });
  afterAll(async () => {
    await connection.close();
    await stack.close();
  });

  const assign = async (body: object = {}) =>
    (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Nhiệm vụ chạy song song',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: dayFromToday(3),
          ...body,
        })
        .expect(201)
    ).body as { id: string; workflow: { workflowId: string } };

  /** Sends `n` copies at once; returns the statuses and codes, and the slowest answer's time. */
  const race = async (
    n: number,
    send: (i: number) => PromiseLike<{ status: number; body: { code?: string } }>,
  ) => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await send(i);
        return {
          status: res.status,
          code: res.body?.code,
          ms: Date.now() - started,
        };
      }),
    );
    for (const a of answers) {
      expect(a.status).toBeLessThan(500);
      expect(a.ms).toBeLessThan(10_000);
    }
    return answers;
  };
  const act = (token: string, id: string, action: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  const events = async (taskId: string, action: string): Promise<number> =>
    (
      await stack.db.query(
        'SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND action = $2',
        [taskId, action],
      )
    )[0].n;

  /** The row agrees with the workflow's state, and the history replays on today's code. */
  const expectConsistent = async (taskId: string, workflowId: string) => {
    const handle = temporal.workflow.getHandle(workflowId);
    const state = await handle.query<{ version: number; status: string; dueDate: string | null }>(
      'state',
    );
    const [row] = await stack.db.query(
      `SELECT version, status, due_date::text AS "dueDate",
         (SELECT max(seq) FROM task_events e WHERE e.task_id = t.id)::int AS "lastSeq"
       FROM tasks t WHERE id = $1`,
      [taskId],
    );
    expect(row).toEqual({
      version: state.version,
      status: state.status,
      dueDate: state.dueDate,
      lastSeq: state.version,
    });
    const description = await handle.describe();
    expect(description.status.name).toMatch(/RUNNING|COMPLETED/);
    const history = await handle.fetchHistory();
    // No workflow task ever failed (a nondeterminism or a handler's crash would show here).
    expect(history.events?.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    await expect(
      Worker.runReplayHistory(replayOptions(), history, workflowId),
    ).resolves.toBeUndefined();
  };

  it('records each of 20 parallel progress reports that got a 200 exactly once, three times over', async () => {
    const ids: string[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const task = await assign();
      ids.push(task.id);
      await act(manager, task.id, 'accept').expect(200);
      const answers = await race(20, (i) =>
        act(manager, task.id, 'progress', { percent: 1 + i, note: `Lần ${trial}.${i}` }),
      );
      const ok = answers.filter((a) => a.status === 200).length;
      expect(ok).toBe(20);
      expect(await events(task.id, 'reportProgress')).toBe(ok);
      await expectConsistent(task.id, task.workflow.workflowId);
      // The task still takes its next actions.
      await act(manager, task.id, 'submit', { result: 'Đã xong' }).expect(200);
      await act(leader, task.id, 'approve').expect(200);
    }
    // Reminders (local activities of the main loop) ran while the updates queued.
    const [{ n }] = await stack.db.query(
      'SELECT count(*)::int AS n FROM task_reminders WHERE task_id = ANY($1::uuid[])',
      [ids],
    );
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('accepts once and submits once when 20 copies of each arrive together', async () => {
    const task = await assign();
    const accepts = await race(20, () => act(manager, task.id, 'accept'));
    expect(accepts.filter((a) => a.status === 200)).toHaveLength(1);
    expect(
      new Set(accepts.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.code}`)),
    ).toEqual(new Set(['409 TASK_INVALID_TRANSITION']));
    expect(await events(task.id, 'accept')).toBe(1);

    const submits = await race(20, (i) => act(manager, task.id, 'submit', { result: `Bản ${i}` }));
    expect(submits.filter((a) => a.status === 200)).toHaveLength(1);
    expect(await events(task.id, 'submitResult')).toBe(1);
    await expectConsistent(task.id, task.workflow.workflowId);
  });

  it('keeps one pending extension from 4 parallel requests, and the row holds the approved date', async () => {
    const task = await assign({ dueDate: dayFromToday(5) });
    const answers = await race(4, (i) =>
      act(manager, task.id, 'extension-requests', {
        newDueDate: dayFromToday(30 + 30 * i),
        reason: `Lý do ${i}`,
      }),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.code)).toEqual(
      Array(3).fill('EXTENSION_PENDING'),
    );
    const decisions = await race(4, () =>
      act(leader, task.id, 'extension-decision', { approve: true }),
    );
    expect(decisions.filter((a) => a.status === 200)).toHaveLength(1);
    await expectConsistent(task.id, task.workflow.workflowId);
  });

  it('lets exactly one of approve, cancel and progress win when they race, and answers the rest with stable codes', async () => {
    const task = await assign();
    await act(manager, task.id, 'submit', { result: 'Kết quả' }).expect(200);
    const answers = await race(12, (i) =>
      i % 3 === 0
        ? act(leader, task.id, 'approve')
        : i % 3 === 1
          ? act(leader, task.id, 'cancel', { reason: 'Thu hồi' })
          : act(leader, task.id, 'return', { reason: 'Bổ sung' }),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(409);
      expect(a.code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(a.code).not.toBe('WORKFLOW_BUSY');
    }
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND seq > 2`,
      [task.id],
    );
    expect(n).toBe(winners.length);
    const after = await act(manager, task.id, 'progress', { percent: 10 });
    expect([200, 409]).toContain(after.status);
  });

  it('assigns one task for 20 parallel requests with one code, and refuses the rest at once', async () => {
    const answers = await race(20, () =>
      stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Cùng một mã',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: dayFromToday(10),
          code: 'SONG-SONG-01',
        }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.code)).toEqual(
      Array(19).fill('TASK_CODE_TAKEN'),
    );
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE code = 'SONG-SONG-01'`,
    );
    expect(n).toBe(1);
    const workflows = [];
    for await (const w of temporal.workflow.list({
      query: `TaskQueue = '${stack.env.TEMPORAL_TASK_QUEUE}' AND WorkflowType = 'taskLifecycle'`,
    }))
      workflows.push(w);
    const [{ total }] = await stack.db.query('SELECT count(*)::int AS total FROM tasks');
    // Visibility is eventually consistent: never more workflows than tasks.
    expect(workflows.length).toBeLessThanOrEqual(total);
    // The next request works.
    await assign({ code: 'SONG-SONG-02' });
  });

  it('stores all of one of 20 parallel bulk requests sharing a code, and nothing of the others', async () => {
    const answers = await race(20, (i) =>
      stack.http
        .post('/api/v1/tasks/bulk')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          tasks: [
            {
              title: 'Dùng chung',
              source: 'ubnd_tinh',
              leadUnitId: unitIds.SKHDT,
              code: 'LO-CHUNG',
            },
            {
              title: `Riêng ${i}`,
              source: 'ubnd_tinh',
              leadUnitId: unitIds.SKHDT,
              code: `LO-RIENG-${i}`,
            },
          ],
        }),
    );
    const won = answers.findIndex((a) => a.status === 201);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.code)).toEqual(
      Array(19).fill('TASK_CODE_TAKEN'),
    );
    const rows: { code: string }[] = await stack.db.query(
      `SELECT code FROM tasks WHERE code LIKE 'LO-%' ORDER BY code`,
    );
    expect(rows.map((r) => r.code)).toEqual(['LO-CHUNG', `LO-RIENG-${won}`]);
    const claims: { code: string }[] = await stack.db.query(
      `SELECT code FROM task_codes WHERE code LIKE 'LO-%' ORDER BY code`,
    );
    expect(claims).toEqual(rows);
  });

  it('issues a plan once for 20 parallel issue requests, with one obligation task per unit', async () => {
    const { body: plan } = await stack.http
      .post('/api/v1/plans')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        symbol: '77/KH-UBND',
        issueDate: dayFromToday(-3),
        title: 'Kế hoạch kiểm thử phát hành song song',
      })
      .expect(201);
    const answers = await race(20, () =>
      stack.http
        .post(`/api/v1/plans/${plan.id}/issue`)
        .set('Authorization', `Bearer ${leader}`)
        .send({
          implementingUnits: [
            { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
            { unitId: unitIds.SNV, dueDate: dayFromToday(10) },
          ],
        }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(['PLAN_ISSUE_IN_PROGRESS', 'PLAN_NOT_DRAFT']).toContain(a.code);
    }
    const [{ obligations, tasks }] = await stack.db.query(
      `SELECT (SELECT count(*)::int FROM plan_obligations WHERE plan_id = $1) AS obligations,
              (SELECT count(*)::int FROM tasks WHERE plan_id = $1) AS tasks`,
      [plan.id],
    );
    expect({ obligations, tasks }).toEqual({ obligations: 2, tasks: 2 });
  });

  it('takes the longest accepted text on every action and still completes the task', async () => {
    const long = 'Đã báo cáo kết quả 👍 '.repeat(500).slice(0, 10_000);
    const task = await assign({ dueDate: dayFromToday(2) });
    await act(manager, task.id, 'accept').expect(200);
    await act(manager, task.id, 'progress', { percent: 40, note: long.slice(0, 5000) }).expect(200);
    await act(manager, task.id, 'extension-requests', {
      newDueDate: dayFromToday(40),
      reason: long.slice(0, 5000),
    }).expect(200);
    await act(leader, task.id, 'extension-decision', {
      approve: false,
      note: long.slice(0, 5000),
    }).expect(200);
    await act(manager, task.id, 'submit', {
      result: long,
      explanation: long,
      outputDocument: '102/KH-SKHDT',
    }).expect(200);
    await act(leader, task.id, 'return', { reason: long.slice(0, 5000) }).expect(200);
    await act(manager, task.id, 'submit', { result: long }).expect(200);
    await act(leader, task.id, 'approve', { note: long.slice(0, 5000) }).expect(200);
    const [row] = await stack.db.query('SELECT status, version FROM tasks WHERE id = $1', [
      task.id,
    ]);
    expect(row).toEqual({ status: 'completed', version: 9 });
  });
});
