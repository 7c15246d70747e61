import { randomBytes } from 'node:crypto';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { ClusterStack } from '../support/cluster-stack';
import { dayFromToday } from '../support/dates';

/**
 * The production topology (Temporal server on PostgreSQL, two APIs, two workers, all supervised)
 * with 300 tasks whose reminders fall inside the test: while they are being sent, worker 1, then
 * the Temporal server, then API 1 are killed with SIGKILL, and actions keep coming through both
 * APIs. One calendar day lasts DAY_MS; each task gets exactly three reminders (1 day before, on
 * the due day, 1 day after: the next overdue one is 1000 days later).
 */
const DAY_MS = 8000;
const TASKS = 300;
const KINDS = ['before_1', 'due_day', 'overdue_1'];
const REMINDERS = TASKS * KINDS.length;
/** A workflow task pending for longer than this, with the workers up, is a stuck workflow. */
const STUCK_MS = 60_000;

interface Assigned {
  id: string;
  unit: 'SKHDT' | 'SNV';
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function pool<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(probe: () => Promise<T>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value || Date.now() > until) return value as T;
    await sleep(500);
  }
}

/** The half-month containing `date` (the reporting cells serve exactly such periods). */
function halfMonthOf(date: string): { from: string; to: string } {
  const [y, m, d] = date.split('-').map(Number);
  const month = date.slice(0, 8);
  if (d <= 15) return { from: `${month}01`, to: `${month}15` };
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}16`, to: `${month}${last}` };
}

const RAW_FIGURES = [
  'total',
  'completedEarly',
  'completedOnTime',
  'completedLate',
  'overdueIncomplete',
  'inProgressNotDue',
  'noDeadline',
  'cancelled',
  'alreadyDue',
] as const;
type Figures = Record<(typeof RAW_FIGURES)[number], number>;
const figuresOf = (counts: Record<string, number>): Figures =>
  Object.fromEntries(RAW_FIGURES.map((k) => [k, Number(counts[k] ?? 0)])) as Figures;

/** A protobuf Timestamp (seconds as a Long) in milliseconds. */
const msOf = (ts: { seconds?: unknown; nanos?: number | null }) =>
  Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6;

describe('The production topology survives killed processes during 300 tasks’ reminders', () => {
  let cluster: ClusterStack;
  let setupSeconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    cluster = await ClusterStack.start({
      apis: 2,
      workers: 2,
      env: {
        TASK_DAY_LENGTH_MS: String(DAY_MS),
        TASK_REMINDER_DAYS_BEFORE: '1',
        TASK_OVERDUE_FIRST_AFTER_DAYS: '1',
        TASK_OVERDUE_REPEAT_DAYS: '1000',
      },
    });
    setupSeconds = Math.round((Date.now() - started) / 1000);
  }, 600_000);

  afterAll(async () => {
    if (!cluster) return;
    process.stderr.write(`[cluster-faults] supervisor:\n  ${cluster.lines.join('\n  ')}\n`);
    await cluster.stop();
  }, 120_000);

  /**
   * The completion report computed by hand from the tasks table, grouped by lead unit (the
   * report's groups for UBND: its direct children), classified as of `to`.
   */
  async function reportBySql(from: string, to: string) {
    const rows = await cluster.sql<Figures & { unit: string | null }>(
      `WITH w AS (
         SELECT t.lead_unit_id, t.due_date, t.cancelled_on,
                (t.cancelled_on IS NOT NULL AND t.cancelled_on <= $2::date) AS cancelled,
                (t.completed_on IS NOT NULL AND t.completed_on <= $2::date) AS done,
                t.completed_on
         FROM tasks t WHERE t.assigned_on BETWEEN $1::date AND $2::date)
       SELECT lead_unit_id::text AS unit,
              count(*) FILTER (WHERE NOT cancelled)::int AS "total",
              count(*) FILTER (WHERE NOT cancelled AND done AND completed_on < due_date)::int AS "completedEarly",
              count(*) FILTER (WHERE NOT cancelled AND done AND completed_on = due_date)::int AS "completedOnTime",
              count(*) FILTER (WHERE NOT cancelled AND done AND completed_on > due_date)::int AS "completedLate",
              count(*) FILTER (WHERE NOT cancelled AND NOT done AND due_date < $2::date)::int AS "overdueIncomplete",
              count(*) FILTER (WHERE NOT cancelled AND NOT done AND due_date >= $2::date)::int AS "inProgressNotDue",
              count(*) FILTER (WHERE NOT cancelled AND due_date IS NULL)::int AS "noDeadline",
              count(*) FILTER (WHERE cancelled)::int AS "cancelled",
              count(*) FILTER (WHERE NOT cancelled AND due_date <= $2::date)::int AS "alreadyDue"
       FROM w GROUP BY GROUPING SETS ((lead_unit_id), ()) ORDER BY 1 NULLS FIRST`,
      [from, to],
    );
    const [totals, ...groups] = rows;
    return {
      totals: figuresOf(totals as unknown as Record<string, number>),
      groups: Object.fromEntries(
        groups.map((g) => [g.unit, figuresOf(g as unknown as Record<string, number>)]),
      ),
    };
  }

  /** GET the completion report for UBND by unit through `api`, as figures to compare. */
  async function reportByApi(api: number, token: string, from: string, to: string) {
    const r = await cluster.call(
      api,
      'GET',
      `/api/v1/reports/completion?scope=UBND&from=${from}&to=${to}&groupBy=unit`,
      token,
    );
    expect([`${from}..${to}`, r.status]).toEqual([`${from}..${to}`, 200]);
    return {
      totals: figuresOf(r.body.window.totals),
      groups: Object.fromEntries(
        (r.body.window.groups as (Figures & { key: string })[]).map((g) => [
          g.key,
          figuresOf(g as unknown as Record<string, number>),
        ]),
      ),
      carriedOver: figuresOf(r.body.carriedOver.totals),
    };
  }

  async function expectReportsEqualSql(token: string, label: string) {
    const today = dayFromToday(0);
    const half = halfMonthOf(today);
    // Today alone is counted from the rows; a half month is served from the reporting cells.
    for (const [i, { from, to }] of [{ from: today, to: today }, half].entries()) {
      const byApi = await reportByApi(i % 2, token, from, to);
      const bySql = await reportBySql(from, to);
      expect({ label, from, to, ...byApi }).toEqual({
        label,
        from,
        to,
        ...bySql,
        carriedOver: figuresOf({}),
      });
    }
  }

  it('records every reminder once, keeps every acknowledged action, leaves no workflow stuck and reports what SQL counts', async () => {
    const began = Date.now();
    const phases: string[] = [];
    const phase = (name: string) =>
      phases.push(`${name} ${((Date.now() - began) / 1000).toFixed(0)} s`);
    const leader = await cluster.login(0, 'chutich');
    const managers = {
      SKHDT: await cluster.login(1, 'skhdt.giamdoc'),
      SNV: await cluster.login(0, 'snv.giamdoc'),
    };
    const units = Object.fromEntries(
      (
        await cluster.sql<{ id: string; code: string }>(
          `SELECT id, code FROM units WHERE code IN ('SKHDT', 'SNV')`,
        )
      ).map((u) => [u.code, u.id]),
    );
    const tag = randomBytes(3).toString('hex');

    // Assigned through both APIs, to two units, due in 2 to 4 days: the reminders run from a few
    // seconds after the first assignment to about 45 s after the last.
    const created: Assigned[] = [];
    const refused: string[] = [];
    await pool(
      Array.from({ length: TASKS }, (_, i) => i),
      10,
      async (i) => {
        const unit = Math.floor(i / 2) % 2 === 0 ? 'SKHDT' : 'SNV';
        const r = await cluster.call(i % 2, 'POST', '/api/v1/tasks', leader, {
          title: `Nhiệm vụ kiểm thử sự cố cụm ${tag} số ${i}`,
          source: 'ubnd_tinh',
          leadUnitId: units[unit],
          dueDate: dayFromToday(2 + (i % 3)),
        });
        if (r.status === 201) created.push({ id: r.body.id, unit });
        else refused.push(`#${i}: ${r.status} ${JSON.stringify(r.body)}`);
      },
    );
    expect(refused).toEqual([]);
    expect(created).toHaveLength(TASKS);
    const ids = created.map((t) => t.id);
    phase('assigned');

    // Accept, then report progress, on every task while the processes are killed; each actor has
    // its own tasks and alternates between the APIs. Only 2xx answers are recorded.
    const accepted: string[] = [];
    const progressNotes = new Map<string, string>();
    const attempts = new Map<string, number>();
    const state = new Map<string, 'new' | 'accepted' | 'done'>(ids.map((id) => [id, 'new']));
    const failedCalls = new Map<number, number>();
    let stopActingAt = Infinity;
    const actor = async (mine: Assigned[], first: number) => {
      let turn = first;
      do {
        for (const { id, unit } of mine) {
          const s = state.get(id);
          if (s === 'done') continue;
          const api = turn++ % 2;
          if (s === 'new') {
            const r = await cluster.call(
              api,
              'POST',
              `/api/v1/tasks/${id}/accept`,
              managers[unit],
              {},
            );
            if (r.status === 200) accepted.push(id);
            // 409: an earlier accept was stored though its answer was lost.
            if (r.status === 200 || r.status === 409) state.set(id, 'accepted');
            else failedCalls.set(r.status, (failedCalls.get(r.status) ?? 0) + 1);
          } else {
            // A new note per attempt: an unanswered attempt may have been stored too.
            const n = (attempts.get(id) ?? 0) + 1;
            attempts.set(id, n);
            const note = `Tiến độ ${tag} ${id} lần ${n}`;
            const r = await cluster.call(
              api,
              'POST',
              `/api/v1/tasks/${id}/progress`,
              managers[unit],
              {
                percent: 50,
                note,
              },
            );
            if (r.status === 200) progressNotes.set(id, note);
            if (r.status !== 0 && r.status < 500) state.set(id, 'done');
            else failedCalls.set(r.status, (failedCalls.get(r.status) ?? 0) + 1);
          }
          await sleep(100);
        }
      } while (mine.some((t) => state.get(t.id) !== 'done') && Date.now() < stopActingAt);
    };
    const byUnit = (unit: string, half: number) =>
      created.filter((t, i) => t.unit === unit && i % 4 < 2 === (half === 0));
    const actors = Promise.all([
      actor(byUnit('SKHDT', 0), 0),
      actor(byUnit('SKHDT', 1), 1),
      actor(byUnit('SNV', 0), 0),
      actor(byUnit('SNV', 1), 1),
    ]);

    const reminderCount = async () =>
      (
        await cluster.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM task_reminders WHERE task_id = ANY($1)`,
          [ids],
        )
      )[0].n;
    // The faults begin once reminders are going out.
    await eventually(async () => (await reminderCount()) >= REMINDERS / 20, 120_000);
    const killed: { name: string; pid: number; remindersBefore: number; actionsBefore: number }[] =
      [];
    const kill = async (name: string) => {
      const remindersBefore = await reminderCount();
      const actionsBefore = accepted.length + progressNotes.size;
      killed.push({ name, pid: await cluster.kill(name), remindersBefore, actionsBefore });
      phase(`${name} killed and back`);
    };
    // Between two faults, a few actions are acknowledged (or a bounded time passes): the next
    // fault then hits a system that was serving again, not one still recovering.
    const acknowledged = () => accepted.length + progressNotes.size;
    const someActions = async (atMostMs: number) => {
      const from = acknowledged();
      const until = Date.now() + atMostMs;
      while (acknowledged() < from + 10 && Date.now() < until) await sleep(250);
    };
    await kill(cluster.workerName(0));
    await someActions(20_000);
    await kill('Temporal');
    await someActions(30_000);
    await kill(cluster.apiName(0));
    // The first two faults hit reminders still to be sent.
    expect(killed.slice(0, 2).map((k) => [k.name, k.remindersBefore < REMINDERS])).toEqual([
      [cluster.workerName(0), true],
      ['Temporal', true],
    ]);
    stopActingAt = Date.now() + 60_000;
    await actors;
    phase('actions');
    for (const { name, pid } of killed) {
      expect(cluster.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${name} \\(pid ${pid}\\) killed by SIGKILL`)),
      );
      expect(cluster.supervisor.restarts(name)).toBeGreaterThanOrEqual(1);
    }

    // Both APIs serve again.
    for (const api of [0, 1]) {
      const health = await eventually(async () => {
        const r = await cluster.call(api, 'GET', '/health');
        return r.status === 200 ? r : undefined;
      }, 60_000);
      expect([api, health?.body.status]).toEqual([api, 'ok']);
    }

    // Every acknowledged assignment and action is stored, once.
    const rows = await cluster.sql<{ id: string; status: string; progress: number }>(
      `SELECT id, status, progress_percent AS progress FROM tasks WHERE title LIKE $1`,
      [`%${tag}%`],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(accepted.length).toBeGreaterThan(TASKS / 2);
    expect(progressNotes.size).toBeGreaterThan(TASKS / 2);
    const rowOf = new Map(rows.map((r) => [r.id, r]));
    const events = await cluster.sql<{
      task_id: string;
      action: string;
      n: number;
      notes: string[];
    }>(
      `SELECT task_id, action, count(*)::int AS n, array_agg(data->>'note') AS notes
       FROM task_events WHERE task_id = ANY($1) AND action IN ('accept', 'reportProgress')
       GROUP BY task_id, action`,
      [ids],
    );
    const eventOf = (id: string, action: string) =>
      events.find((e) => e.task_id === id && e.action === action);
    const lostAccepts = accepted
      .filter((id) => eventOf(id, 'accept')?.n !== 1 || rowOf.get(id)?.status !== 'in_progress')
      .map((id) => ({ id, events: eventOf(id, 'accept')?.n ?? 0, status: rowOf.get(id)?.status }));
    const lostProgress = [...progressNotes]
      .filter(
        ([id, note]) =>
          eventOf(id, 'reportProgress')?.notes.filter((n) => n === note).length !== 1 ||
          rowOf.get(id)?.progress !== 50,
      )
      .map(([id, note]) => ({ id, note, stored: eventOf(id, 'reportProgress')?.notes ?? [] }));
    expect({ lostAccepts, lostProgress }).toEqual({ lostAccepts: [], lostProgress: [] });

    // Every task gets each of its reminders exactly once. An activity that ran on the killed
    // worker is retried after its timeout, and timers due while Temporal was down fire late.
    let counted = 0;
    await eventually(async () => {
      counted = await reminderCount();
      return counted >= REMINDERS;
    }, 240_000);
    phase('reminders');
    const recorded = await cluster.sql<{ task_id: string; kind: string; n: number }>(
      `SELECT task_id, kind, count(*)::int AS n FROM task_reminders
       WHERE task_id = ANY($1) GROUP BY task_id, kind`,
      [ids],
    );
    const remindersOf = new Map<string, Map<string, number>>();
    for (const r of recorded) {
      if (!remindersOf.has(r.task_id)) remindersOf.set(r.task_id, new Map());
      remindersOf.get(r.task_id)!.set(r.kind, r.n);
    }
    const wrong = ids
      .map((id) => {
        const got = remindersOf.get(id) ?? new Map<string, number>();
        return {
          task: id,
          missing: KINDS.filter((k) => !got.has(k)),
          duplicated: [...got].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`),
          unexpected: [...got.keys()].filter((k) => !KINDS.includes(k)),
        };
      })
      .filter((w) => w.missing.length + w.duplicated.length + w.unexpected.length > 0);
    expect({ counted, wrong }).toEqual({ counted: REMINDERS, wrong: [] });
    const duplicateNotices = await cluster.sql(
      `SELECT user_id, dedupe_key, count(*)::int AS n FROM notifications WHERE task_id = ANY($1)
       GROUP BY user_id, dedupe_key HAVING count(*) > 1`,
      [ids],
    );
    expect(duplicateNotices).toEqual([]);

    // No workflow is stuck: none has a workflow task pending for more than a minute, and none
    // ended abnormally.
    const connection = await Connection.connect({ address: cluster.env.temporalAddress });
    try {
      const temporal = new TemporalClient({ connection, namespace: 'default' });
      const workflowOf = new Map(
        (
          await cluster.sql<{ id: string; workflow_id: string }>(
            `SELECT id, workflow_id FROM tasks WHERE id = ANY($1)`,
            [ids],
          )
        ).map((r) => [r.id, r.workflow_id]),
      );
      const taskWorkflows = new Set(workflowOf.values());
      expect(taskWorkflows.size).toBe(TASKS);
      const workflowIds = new Set(taskWorkflows);
      for await (const w of temporal.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
        workflowIds.add(w.workflowId);
      }
      const stuck: string[] = [];
      const closed: string[] = [];
      const now = Date.now();
      await pool([...workflowIds], 20, async (workflowId) => {
        const d = await temporal.workflow.getHandle(workflowId).describe();
        if (d.status.name !== 'RUNNING') {
          if (taskWorkflows.has(workflowId)) closed.push(`${workflowId} ${d.status.name}`);
          return;
        }
        const pending = d.raw.pendingWorkflowTask;
        if (pending?.scheduledTime && now - msOf(pending.scheduledTime) > STUCK_MS) {
          const age = Math.round((now - msOf(pending.scheduledTime)) / 1000);
          stuck.push(`${workflowId}: ${pending.state} for ${age} s, attempt ${pending.attempt}`);
        }
      });
      // Task workflows only end with their task: none of these is cancelled or completed yet.
      expect({ stuck, closed }).toEqual({
        stuck: [],
        closed: [],
      });
      const abnormal: string[] = [];
      for await (const w of temporal.workflow.list({
        query: `ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`,
      })) {
        abnormal.push(`${w.workflowId} ${w.status.name}`);
      }
      expect(abnormal).toEqual([]);
      phase('workflows checked');

      // The completion report equals a direct count: from the rows and from the cells.
      await expectReportsEqualSql(leader, 'after the faults');

      // Every workflow still takes an action and ends with its task; the report follows.
      await pool(ids, 20, async (id, i) => {
        const r = await cluster.call(i % 2, 'POST', `/api/v1/tasks/${id}/cancel`, leader, {
          reason: 'Kết thúc kiểm thử sự cố cụm',
        });
        expect([id, r.status]).toEqual([id, 200]);
      });
      const notEnded: string[] = [];
      await pool(ids, 20, async (id) => {
        const handle = temporal.workflow.getHandle(workflowOf.get(id)!);
        const status = await eventually(async () => {
          const { name } = (await handle.describe()).status;
          return name === 'RUNNING' ? undefined : name;
        }, 60_000);
        if (status !== 'COMPLETED') notEnded.push(`${id} ${status ?? 'RUNNING'}`);
      });
      expect(notEnded).toEqual([]);
    } finally {
      await connection.close();
    }
    const [{ cancelled }] = await cluster.sql<{ cancelled: number }>(
      `SELECT count(*)::int AS cancelled FROM tasks WHERE id = ANY($1) AND status = 'cancelled'`,
      [ids],
    );
    expect(cancelled).toBe(TASKS);
    await expectReportsEqualSql(leader, 'after cancelling');
    phase('cancelled');

    process.stderr.write(
      `[cluster-faults] killed ${killed
        .map(
          (k) =>
            `${k.name} (pid ${k.pid}, ${k.remindersBefore} reminders and ${k.actionsBefore} actions before)`,
        )
        .join(', ')}; ${TASKS} tasks, ${accepted.length} accepts and ${progressNotes.size} ` +
        `progress reports acknowledged, failed calls ${JSON.stringify(Object.fromEntries(failedCalls))}, ` +
        `${counted} reminders; setup ${setupSeconds} s, ${phases.join(', ')}\n`,
    );
  }, 900_000);
});
