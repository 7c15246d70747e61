import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { ClusterStack } from '../support/cluster-stack';
import { dayFromToday } from '../support/dates';

/**
 * Backup and restore on the production topology (docs/operations.md, "Backup and restore"): the
 * app database and Temporal's two databases are copied together, cold, from one PostgreSQL data
 * directory, while open tasks' reminders are still ahead. After the backup the system runs on (a
 * task is cancelled, one is created, reminders go out); then the data directory is wiped and the
 * backup put back. The restored rows equal the backed-up rows, the restored workflows agree with
 * them, and every open task's reminders are recorded exactly once: those the wipe threw away are
 * sent again, none is lost or doubled.
 *
 * One calendar day lasts DAY_MS; each task (due in 2 days) gets three reminders, at 1⅓, 2⅓ and
 * 3⅓ days after it is assigned (1 day before, on the due day, 1 day after; the next overdue one
 * is 1000 days later).
 */
const DAY_MS = 15_000;
const TASKS = 8;
const KINDS = ['before_1', 'due_day', 'overdue_1'];
const REMINDERS = TASKS * KINDS.length;

jest.setTimeout(600_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`);
    await sleep(500);
  }
}

describe('cluster: a cold backup of the three databases, wiped and restored, keeps reminders', () => {
  let stack: ClusterStack;
  let backupDir: string | undefined;
  let setupSeconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    stack = await ClusterStack.start({
      privatePostgres: true,
      apis: 1,
      workers: 1,
      env: {
        TASK_DAY_LENGTH_MS: String(DAY_MS),
        TASK_REMINDER_DAYS_BEFORE: '1',
        TASK_OVERDUE_FIRST_AFTER_DAYS: '1',
        TASK_OVERDUE_REPEAT_DAYS: '1000',
      },
    });
    setupSeconds = Math.round((Date.now() - started) / 1000);
    backupDir = await mkdtemp(join(tmpdir(), 'giaoviec-backup-'));
  }, 600_000);

  afterAll(async () => {
    if (stack) {
      process.stderr.write(`[cluster-backup] supervisor:\n  ${stack.lines.join('\n  ')}\n`);
      await stack.stop();
    }
    if (backupDir) await rm(backupDir, { recursive: true, force: true });
  }, 120_000);

  it('restores rows and workflows of one moment, and every open task gets each reminder once', async () => {
    const began = Date.now();
    const phases: string[] = [];
    const phase = (name: string) =>
      phases.push(`${name} ${((Date.now() - began) / 1000).toFixed(0)} s`);
    const api = stack.apiName(0);
    const worker = stack.workerName(0);
    // Every supervised process of the stack, in start order; stopping goes the other way.
    const processes = ['PostgreSQL', 'Temporal', worker, api];
    expect(Object.keys(stack.supervisor.pids()).sort()).toEqual([...processes].sort());
    const dataDir = stack.env.postgresDataDir;
    expect(dataDir && existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const copy = join(backupDir!, 'postgres');

    const resumeFrom = async (first: number) => {
      for (const name of processes.slice(first)) await stack.resume(name);
      await eventually(
        'the API to be healthy',
        async () => ((await stack.call(0, 'GET', '/health')).status === 200 ? true : undefined),
        60_000,
      );
    };
    /** Every row of `table`, as JSON, in id order. */
    const rowsOf = async (table: string) =>
      (
        await stack.sql<{ r: Record<string, unknown> }>(
          `SELECT to_jsonb(x) AS r FROM ${table} x ORDER BY id`,
        )
      ).map((x) => x.r);
    /** The app database's rows that a restore must bring back exactly. */
    const appRows = async () => ({
      tasks: await rowsOf('tasks'),
      events: await rowsOf('task_events'),
      reminders: await rowsOf('task_reminders'),
      notifications: await rowsOf('notifications'),
    });
    const keyOf = (r: Record<string, unknown>) => `${String(r.task_id)} ${String(r.kind)}`;
    const reminderKeys = async (ids: string[]) =>
      (
        await stack.sql<{ task_id: string; kind: string }>(
          `SELECT task_id, kind FROM task_reminders WHERE task_id = ANY($1)`,
          [ids],
        )
      )
        .map(keyOf)
        .sort();

    let leader = await stack.login(0, 'chutich');
    const [skhdt] = await stack.sql<{ id: string }>(`SELECT id FROM units WHERE code = 'SKHDT'`);
    const assign = async (title: string) => {
      const r = await stack.call(0, 'POST', '/api/v1/tasks', leader, {
        title,
        source: 'ubnd_tinh',
        leadUnitId: skhdt.id,
        dueDate: dayFromToday(2),
      });
      expect([title, r.status]).toEqual([title, 201]);
      return r.body.id as string;
    };

    // Open tasks whose three reminders all lie ahead.
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) ids.push(await assign(`Nhiệm vụ kiểm thử sao lưu số ${i}`));
    const workflowOf = new Map(
      (
        await stack.sql<{ id: string; workflow_id: string }>(
          `SELECT id, workflow_id FROM tasks WHERE id = ANY($1)`,
          [ids],
        )
      ).map((r) => [r.id, r.workflow_id]),
    );
    expect(workflowOf.size).toBe(TASKS);
    phase('assigned');

    // The backup: APIs and workers stopped first (nothing writes the app database), then
    // Temporal (nothing writes its databases), then PostgreSQL; the data directory copied cold.
    await stack.pause(api);
    await stack.pause(worker);
    const backedUp = await appRows();
    await stack.pause('Temporal');
    await stack.pause('PostgreSQL');
    await cp(dataDir!, copy, { recursive: true, preserveTimestamps: true });
    // What the backup holds, not what the database holds once resumed: reminders fall due
    // while the stack starts again.
    const atBackup = backedUp.reminders
      .filter((r) => ids.includes(String(r.task_id)))
      .map(keyOf)
      .sort();
    await resumeFrom(0);
    // Reminders still ahead of the backup: it is taken while they are pending in Temporal.
    expect(atBackup.length).toBeLessThan(REMINDERS / 2);
    expect(backedUp.tasks.map((t) => t.id).sort()).toEqual([...ids].sort());
    phase(`backed up (${atBackup.length} reminders recorded)`);

    // Life goes on after the backup, and the restore must undo it: one task is cancelled, one
    // is assigned, and reminders go out.
    const [cancelled] = ids;
    const after = await stack.call(0, 'POST', `/api/v1/tasks/${cancelled}/cancel`, leader, {
      reason: 'Hủy sau bản sao lưu',
    });
    expect(after.status).toBe(200);
    const lateTask = await assign('Nhiệm vụ giao sau bản sao lưu');
    const [{ workflow_id: lateWorkflow }] = await stack.sql<{ workflow_id: string }>(
      `SELECT workflow_id FROM tasks WHERE id = $1`,
      [lateTask],
    );
    const sentAfterBackup = await eventually(
      'a reminder sent after the backup',
      async () => {
        const now = await reminderKeys(ids);
        const sent = now.filter((k) => !atBackup.includes(k));
        return sent.length > 0 ? sent : undefined;
      },
      4 * DAY_MS,
    );
    phase(`${sentAfterBackup.length} reminders sent after the backup`);

    // The wipe: everything stopped, the data directory deleted, the backup copied back.
    await stack.pause(api);
    await stack.pause(worker);
    const beforeWipe = await appRows();
    await stack.pause('Temporal');
    await stack.pause('PostgreSQL');
    expect(beforeWipe.tasks.map((t) => t.id)).toContain(lateTask);
    expect(beforeWipe.tasks.find((t) => t.id === cancelled)?.status).toBe('cancelled');
    await rm(dataDir!, { recursive: true, force: true });
    expect(existsSync(dataDir!)).toBe(false);
    await cp(copy, dataDir!, { recursive: true, preserveTimestamps: true });
    phase('wiped and copied back');

    // PostgreSQL alone first: the app's rows are those of the backup, not those of the wipe.
    await stack.resume('PostgreSQL');
    const restoredAt = new Date();
    const restored = await appRows();
    expect(restored).toEqual(backedUp);
    expect(await reminderKeys(ids)).toEqual(atBackup);
    // Then Temporal, the worker, the API.
    await resumeFrom(1);
    phase('restored');

    const connection = await Connection.connect({ address: stack.env.temporalAddress });
    try {
      const temporal = new TemporalClient({ connection, namespace: 'default' });
      // Temporal's databases come from the same moment: the cancelled task's workflow runs again,
      // the task assigned after the backup has no workflow, and visibility lists exactly the
      // backed-up tasks as running.
      expect(
        (await temporal.workflow.getHandle(workflowOf.get(cancelled)!).describe()).status.name,
      ).toBe('RUNNING');
      await expect(temporal.workflow.getHandle(lateWorkflow).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
      const expectedRunning = [...workflowOf.values()].sort();
      let running: string[] = [];
      await eventually(
        'visibility to list the restored task workflows',
        async () => {
          running = [];
          for await (const w of temporal.workflow.list({
            query: `WorkflowType = 'taskLifecycle' AND ExecutionStatus = 'Running'`,
          })) {
            running.push(w.workflowId);
          }
          running.sort();
          return JSON.stringify(running) === JSON.stringify(expectedRunning) ? true : undefined;
        },
        30_000,
      ).catch(() => undefined);
      expect(running).toEqual(expectedRunning);

      // Every open task's reminders, each exactly once: those recorded in the backup kept as they
      // were, those the wipe threw away sent again, the rest sent when due.
      await eventually(
        'every reminder of the restored tasks',
        async () => ((await reminderKeys(ids)).length >= REMINDERS ? true : undefined),
        6 * DAY_MS + 60_000,
      );
      phase('reminders');
      const recorded = await stack.sql<{
        id: string;
        task_id: string;
        kind: string;
        sent_at: Date;
      }>(`SELECT id::text, task_id, kind, sent_at FROM task_reminders WHERE task_id = ANY($1)`, [
        ids,
      ]);
      const countOf = (task: string, kind: string) =>
        recorded.filter((r) => r.task_id === task && r.kind === kind).length;
      const wrong = ids.flatMap((task) =>
        KINDS.filter((kind) => countOf(task, kind) !== 1).map(
          (kind) => `${task} ${kind}×${countOf(task, kind)}`,
        ),
      );
      const unexpected = recorded
        .filter((r) => !KINDS.includes(r.kind))
        .map((r) => `${r.task_id} ${r.kind}`);
      expect({ total: recorded.length, wrong, unexpected }).toEqual({
        total: REMINDERS,
        wrong: [],
        unexpected: [],
      });
      const backedUpReminderIds = backedUp.reminders.map((r) => String(r.id));
      const resent = sentAfterBackup.map((key) => {
        const [task, kind] = key.split(' ');
        const row = recorded.find((r) => r.task_id === task && r.kind === kind)!;
        return { key, again: row.sent_at.getTime() >= restoredAt.getTime() };
      });
      expect(resent).toEqual(sentAfterBackup.map((key) => ({ key, again: true })));
      expect(
        recorded
          .filter((r) => backedUpReminderIds.includes(r.id))
          .map((r) => r.id)
          .sort(),
      ).toEqual([...backedUpReminderIds].sort());
      const duplicateNotices = await stack.sql(
        `SELECT user_id, dedupe_key, count(*)::int AS n FROM notifications WHERE task_id = ANY($1)
         GROUP BY user_id, dedupe_key HAVING count(*) > 1`,
        [ids],
      );
      expect(duplicateNotices).toEqual([]);
      expect(await stack.sql(`SELECT id FROM tasks WHERE id = $1`, [lateTask])).toEqual([]);

      // Rows and workflows agree: every restored task takes its next action (the event numbers
      // of the workflow and of the rows line up) and its workflow ends with it.
      leader = await stack.login(0, 'chutich');
      for (const id of ids) {
        const r = await stack.call(0, 'POST', `/api/v1/tasks/${id}/cancel`, leader, {
          reason: 'Kết thúc kiểm thử sao lưu',
        });
        expect([id, r.status]).toEqual([id, 200]);
      }
      const ended: string[] = [];
      for (const id of ids) {
        const handle = temporal.workflow.getHandle(workflowOf.get(id)!);
        const status = await eventually(
          `the workflow of ${id} to end`,
          async () => {
            const { name } = (await handle.describe()).status;
            return name === 'RUNNING' ? undefined : name;
          },
          30_000,
        ).catch(() => 'RUNNING');
        ended.push(`${id} ${status}`);
      }
      expect(ended).toEqual(ids.map((id) => `${id} COMPLETED`));
      const events = await stack.sql<{ task_id: string; seqs: number[]; last: string }>(
        `SELECT task_id, array_agg(seq ORDER BY seq) AS seqs,
                (array_agg(action ORDER BY seq DESC))[1] AS last
         FROM task_events WHERE task_id = ANY($1) GROUP BY task_id ORDER BY task_id`,
        [ids],
      );
      expect(events).toEqual(
        [...ids].sort().map((task_id) => ({ task_id, seqs: [1, 2], last: 'cancel' })),
      );
      phase('cancelled');
    } finally {
      await connection.close();
    }
    process.stderr.write(
      `[cluster-backup] ${TASKS} tasks, ${atBackup.length} reminders at the backup, ` +
        `${sentAfterBackup.length} sent after it and thrown away by the wipe; setup ${setupSeconds} s, ` +
        `${phases.join(', ')}\n`,
    );
  }, 300_000);
});
