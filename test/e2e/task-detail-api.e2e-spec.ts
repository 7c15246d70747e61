import { seedOrganization } from '../../db/seeds/demo-organization';
import { TASK_ACTIONS, TaskActionName } from '../../libs/tasks/detail/task-allowed-actions';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

type Caller = 'chutich' | 'vp.theodoi' | 'skhdt.giamdoc' | 'skhdt.chuyenvien';
/** Callers who may open a Sở KH&ĐT task (its specialist, in a phòng below, only when named). */
const CALLERS = ['chutich', 'vp.theodoi', 'skhdt.giamdoc'] as const;

describe('The task detail says what the caller may do, who is named and what was submitted', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens = {} as Record<Caller | 'snv.giamdoc', string>;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of [...CALLERS, 'skhdt.chuyenvien', 'snv.giamdoc'] as const)
      tokens[u] = await stack.login(u);
  });
  afterAll(() => stack.close());

  const act = (who: Caller, id: string, route: string, body: object = {}) =>
    stack.http
      .post(`/api/v1/tasks/${id}/${route}`)
      .set('Authorization', `Bearer ${tokens[who]}`)
      .send(body);
  const ok = async (who: Caller, id: string, route: string, body: object = {}) =>
    (await act(who, id, route, body).expect(200)).body;
  const detail = async (who: Caller, id: string) =>
    (
      await stack.http
        .get(`/api/v1/tasks/${id}`)
        .set('Authorization', `Bearer ${tokens[who]}`)
        .expect(200)
    ).body;

  /** Each action's route and a body that passes validation, so only permission and state decide. */
  const request = (action: TaskActionName, due: string): [string, object] =>
    ({
      accept: ['accept', {}],
      reportProgress: ['progress', { percent: 40, note: 'Đang soạn dự thảo' }],
      submitResult: ['submit', { result: 'Đã ban hành kế hoạch', outputDocument: '102/KH-SKHDT' }],
      approve: ['approve', {}],
      returnForRework: ['return', { reason: 'Bổ sung số liệu' }],
      requestExtension: [
        'extension-requests',
        { newDueDate: addDays(due, 10), reason: 'Chờ ý kiến các sở' },
      ],
      decideExtension: ['extension-decision', { approve: true }],
      reassign: ['reassign', { leadUnitId: unitIds.SNV, reason: 'Đúng chức năng' }],
      recordExplanation: ['explanation', { explanation: 'Chưa nhận được hướng dẫn' }],
      cancel: ['cancel', { reason: 'Không còn phù hợp' }],
      split: [
        'subtasks',
        {
          title: 'Phần việc của Phòng ĐKKD',
          source: 'noi_bo',
          leadUnitId: unitIds['SKHDT-DKKD'],
          dueDate: due,
        },
      ],
    })[action] as [string, object];

  /** Task states, each built from a fresh task through the API. */
  const states: Record<string, { due: string; build: (id: string) => Promise<void> }> = {
    'newly assigned': { due: dayFromToday(30), build: async () => {} },
    'in progress and late': {
      due: dayFromToday(-2),
      build: async (id) => void (await ok('skhdt.giamdoc', id, 'accept')),
    },
    'submitted with an extension pending': {
      due: dayFromToday(20),
      build: async (id) => {
        await ok('skhdt.giamdoc', id, 'extension-requests', {
          newDueDate: dayFromToday(40),
          reason: 'Chờ ý kiến',
        });
        await ok('skhdt.giamdoc', id, 'submit', { result: 'Bản đầu' });
      },
    },
    'in progress with its one extension used': {
      due: dayFromToday(10),
      build: async (id) => {
        await ok('skhdt.giamdoc', id, 'extension-requests', {
          newDueDate: dayFromToday(20),
          reason: 'Chờ ý kiến',
        });
        await ok('chutich', id, 'extension-decision', { approve: true });
        await ok('skhdt.giamdoc', id, 'progress', { percent: 10 });
      },
    },
    completed: {
      due: dayFromToday(10),
      build: async (id) => {
        await ok('skhdt.giamdoc', id, 'submit', { result: 'Xong' });
        await ok('chutich', id, 'approve');
      },
    },
  };
  const fresh = async (state: string) => {
    const { due, build } = states[state];
    const task = (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${tokens.chutich}`)
        .send({
          title: 'Nhiệm vụ thử',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: due,
        })
        .expect(201)
    ).body;
    await build(task.id);
    return task.id as string;
  };

  const EXPECTED: Record<string, Record<(typeof CALLERS)[number], TaskActionName[]>> = {
    'newly assigned': {
      chutich: ['reassign', 'cancel'],
      'vp.theodoi': [],
      'skhdt.giamdoc': ['accept', 'reportProgress', 'submitResult', 'requestExtension', 'split'],
    },
    'in progress and late': {
      chutich: ['reassign', 'cancel'],
      'vp.theodoi': [],
      'skhdt.giamdoc': ['reportProgress', 'submitResult', 'recordExplanation', 'split'],
    },
    'submitted with an extension pending': {
      chutich: ['approve', 'returnForRework', 'decideExtension', 'reassign', 'cancel'],
      'vp.theodoi': [],
      'skhdt.giamdoc': ['split'],
    },
    'in progress with its one extension used': {
      chutich: ['reassign', 'cancel'],
      'vp.theodoi': [],
      'skhdt.giamdoc': ['reportProgress', 'submitResult', 'split'],
    },
    completed: { chutich: [], 'vp.theodoi': [], 'skhdt.giamdoc': [] },
  };

  it.each(Object.keys(states))(
    'lists, for a task %s, exactly the actions the API then accepts from each caller',
    async (state) => {
      const shared = await fresh(state);
      for (const who of CALLERS) {
        const listed: TaskActionName[] = (await detail(who, shared)).allowedActions;
        expect({ who, listed }).toEqual({ who, listed: EXPECTED[state][who] });
        // Unlisted actions are refused (on one task: a refusal changes nothing)…
        for (const action of TASK_ACTIONS.filter((a) => !listed.includes(a))) {
          const [route, body] = request(action, states[state].due);
          const res = await act(who, shared, route, body);
          const refused = res.status === 403 || res.status === 409 ? 'refused' : res.status;
          expect({ who, action, refused }).toEqual({ who, action, refused: 'refused' });
        }
        // …and each listed one is carried out (on a task of its own, in the same state).
        for (const action of listed) {
          const [route, body] = request(action, states[state].due);
          const res = await act(who, await fresh(state), route, body);
          expect({ who, action, status: res.status }).toEqual({
            who,
            action,
            status: action === 'split' ? 201 : 200,
          });
        }
      }
      // Someone who may not open the task gets no list at all.
      await stack.http
        .get(`/api/v1/tasks/${shared}`)
        .set('Authorization', `Bearer ${tokens['snv.giamdoc']}`)
        .expect(403);
    },
  );

  it('answers every action with the list for the new state', async () => {
    const id = await fresh('newly assigned');
    const accepted = await ok('skhdt.giamdoc', id, 'accept');
    expect(accepted.allowedActions).toEqual([
      'reportProgress',
      'submitResult',
      'requestExtension',
      'split',
    ]);
    const cancelled = await ok('chutich', id, 'cancel', { reason: 'Không còn phù hợp' });
    expect(cancelled.allowedActions).toEqual([]);
  });

  it('names the assigner and the assignee, and carries the last submitted result', async () => {
    const task = (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${tokens.chutich}`)
        .send({
          title: 'Ban hành kế hoạch thực hiện',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          assigneeId: userIds['skhdt.chuyenvien'],
          dueDate: dayFromToday(15),
        })
        .expect(201)
    ).body;
    expect(task.assigner).toEqual({ id: userIds.chutich, fullName: expect.any(String) });
    expect(task.assigner.fullName.length).toBeGreaterThan(3);
    expect(task.assignee).toEqual({
      id: userIds['skhdt.chuyenvien'],
      fullName: expect.any(String),
    });
    expect(task.lastResult).toBeNull();
    // The named assignee acts for the lead unit although her phòng is below it.
    expect(task.allowedActions).toEqual(['reassign', 'cancel']);
    expect((await detail('skhdt.chuyenvien', task.id)).allowedActions).toEqual([
      'accept',
      'reportProgress',
    ]);

    await ok('skhdt.giamdoc', task.id, 'submit', { result: 'Bản thứ nhất' });
    await ok('chutich', task.id, 'return', { reason: 'Bổ sung' });
    const second = await ok('skhdt.giamdoc', task.id, 'submit', {
      result: 'Đã ban hành Kế hoạch 102/KH-SKHDT',
      outputDocument: '102/KH-SKHDT',
    });
    const events = (
      await stack.http
        .get(`/api/v1/tasks/${task.id}/history`)
        .set('Authorization', `Bearer ${tokens.chutich}`)
        .expect(200)
    ).body as { seq: number; action: string; occurredAt: string }[];
    const lastSubmit = events.filter((e) => e.action === 'submitResult').at(-1)!;
    expect(second.lastResult).toEqual({
      result: 'Đã ban hành Kế hoạch 102/KH-SKHDT',
      outputDocument: '102/KH-SKHDT',
      submittedAt: lastSubmit.occurredAt,
      submittedBy: userIds['skhdt.giamdoc'],
      eventSeq: lastSubmit.seq,
    });
    // A return keeps the last result on view; the same for every caller who may open the task.
    const returned = await ok('chutich', task.id, 'return', { reason: 'Chưa đủ' });
    expect(returned.lastResult.result).toBe('Đã ban hành Kế hoạch 102/KH-SKHDT');
    expect((await detail('vp.theodoi', task.id)).lastResult.eventSeq).toBe(lastSubmit.seq);
  });
});

describe('GET /tasks/:id/reminders lists the reminders the workflow sent', () => {
  /** One calendar day lasts DAY_MS here, so reminders fire within seconds. */
  const DAY_MS = 1000;
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { TASK_DAY_LENGTH_MS: String(DAY_MS), TASK_REMINDER_HOUR: '8' },
    });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
  });
  afterAll(() => stack.close());

  it('shows before-due, due-day and escalated overdue reminders with their recipients, to those who may open the task', async () => {
    const [leader, monitor, other] = await Promise.all(
      ['chutich', 'vp.theodoi', 'snv.giamdoc'].map((u) => stack.login(u)),
    );
    const due = dayFromToday(2);
    const task = (
      await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Báo cáo CCHC quý',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: due,
          reminderDaysBefore: [1],
        })
        .expect(201)
    ).body;
    const get = (token: string) =>
      stack.http.get(`/api/v1/tasks/${task.id}/reminders`).set('Authorization', `Bearer ${token}`);
    expect((await get(monitor).expect(200)).body).toEqual([]);

    const sent = await stack.eventually(async () => {
      const rows = (await get(monitor).expect(200)).body;
      return rows.length >= 3 ? rows : null;
    });
    const manager = { id: userIds['skhdt.giamdoc'], fullName: expect.any(String) };
    expect(sent.slice(0, 3)).toEqual([
      {
        kind: 'before',
        days: 1,
        dueDate: due,
        escalated: false,
        scheduledAt: expect.any(String),
        sentAt: expect.any(String),
        recipients: [manager],
      },
      expect.objectContaining({ kind: 'due_day', days: 0, dueDate: due, escalated: false }),
      expect.objectContaining({ kind: 'overdue', days: 1, dueDate: due, escalated: true }),
    ]);
    expect(sent[2].recipients.map((r: { id: string }) => r.id).sort()).toEqual(
      [userIds['skhdt.giamdoc'], userIds.chutich].sort(),
    );
    for (const r of sent) {
      expect(Date.parse(r.sentAt)).toBeGreaterThanOrEqual(Date.parse(r.scheduledAt) - 5);
    }
    await get(other).expect(403);
    await stack.http
      .get(`/api/v1/tasks/${crypto.randomUUID()}/reminders`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(404);
  });
});

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
