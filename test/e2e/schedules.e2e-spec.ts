import type { INestApplication } from '@nestjs/common';
import { Client, Connection, ScheduleDescription, WorkflowNotFoundError } from '@temporalio/client';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { DigestScheduler } from '../../libs/digest/digest.scheduler';
import { vnDateOf } from '../../libs/domain/dates';
import { ReportScheduler } from '../../libs/reports/report.scheduler';
import { SCHEDULE_CONFIG_MEMO } from '../../libs/temporal/temporal-schedules';
import {
  dailyDigestScheduleId,
  dailyDigestWorkflowId,
  ScheduledDigestResult,
} from '../../workflows/digest/daily-digest.messages';
import {
  reportSnapshotsScheduleId,
  ScheduledSnapshotsResult,
  scheduledSnapshotWorkflowId,
  snapshotsDueOn,
} from '../../workflows/report/report-snapshot.messages';
import { TestStack } from '../support/test-stack';

jest.setTimeout(300_000);

const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The first whole minute at least `leadMs` from now. */
const minuteAfter = (leadMs: number) =>
  new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);

/** A daily cron (Asia/Ho_Chi_Minh) firing at the wall-clock minute of `at`. */
function dailyCronAt(at: Date): string {
  const vn = new Date(at.getTime() + VN_OFFSET_MS);
  return `${vn.getUTCMinutes()} ${vn.getUTCHours()} * * *`;
}

/** Midnight (Asia/Ho_Chi_Minh) of the day of `at`, in epoch milliseconds. */
const dayStart = (at: Date) =>
  Math.floor((at.getTime() + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;

async function bootApi(env: Record<string, string>): Promise<INestApplication> {
  const app = await createApiApp(env);
  await app.init();
  await Promise.all([app.get(DigestScheduler).ready, app.get(ReportScheduler).ready]);
  return app;
}

describe('Temporal Schedules: the daily digest and the nightly snapshots', () => {
  // The scheduled minute lies after the stack's boot and the first test, before the second ends.
  const firesAt = minuteAfter(90_000);
  const cron = dailyCronAt(firesAt);
  const scheduledDate = vnDateOf(firesAt);
  let stack: TestStack;
  let env: Record<string, string>;
  let client: Client;
  let digestId: string;
  let snapshotId: string;
  const extraApis: INestApplication[] = [];
  let digestExistedBefore = false;

  const describeSchedule = (id: string) => client.schedule.getHandle(id).describe();
  const ourSchedules = async () => {
    const ids: string[] = [];
    for await (const s of client.schedule.list()) {
      if (s.scheduleId.endsWith(`:${env.TEMPORAL_TASK_QUEUE}`)) ids.push(s.scheduleId);
    }
    return ids.sort();
  };
  const workflowExists = async (workflowId: string) => {
    try {
      await client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  };
  const snapshotPeriods = async (year: number) =>
    (await stack.db.query(
      `SELECT period_type AS "periodType", period_number AS "number",
              count(*)::int AS rows, max(version)::int AS "maxVersion"
       FROM report_snapshots WHERE period_year = $1
       GROUP BY period_type, period_number ORDER BY period_type, period_number`,
      [year],
    )) as { periodType: string; number: number; rows: number; maxVersion: number }[];

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        DIGEST_CRON: cron,
        SNAPSHOT_CRON: cron,
        SCHEDULE_CATCHUP_WINDOW: '2d',
        // Runs on any day of the week: the day-off rule is effective-deadline.e2e-spec's.
        DIGEST_ON_NON_WORKING_DAYS: 'true',
      },
    });
    await seedOrganization(stack.api);
    env = stack.env;
    client = new Client({
      connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }),
    });
    digestId = dailyDigestScheduleId(env.TEMPORAL_TASK_QUEUE);
    snapshotId = reportSnapshotsScheduleId(env.TEMPORAL_TASK_QUEUE);
    // Another test file of this run may already have sent today's digest (same id, shared server).
    digestExistedBefore = await workflowExists(dailyDigestWorkflowId(scheduledDate));
  });

  afterAll(async () => {
    for (const app of extraApis) await app.close();
    for (const id of [digestId, snapshotId]) {
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    }
    await client.connection.close();
    await stack.close();
  });

  it('creates exactly one schedule of each kind, as configured, when two APIs boot at once', async () => {
    // Start from nothing, then boot two APIs together so that they race to create the schedules.
    await stack.api.get(DigestScheduler).ready;
    await stack.api.get(ReportScheduler).ready;
    await client.schedule.getHandle(digestId).delete();
    await client.schedule.getHandle(snapshotId).delete();
    extraApis.push(...(await Promise.all([bootApi(env), bootApi(env)])));

    const listed = await stack.eventually(async () => {
      const ids = await ourSchedules();
      return ids.length === 2 ? ids : null;
    });
    expect(listed).toEqual([digestId, snapshotId].sort());

    const check = (d: ScheduleDescription, workflowType: string) => {
      expect(d.spec.timezone).toBe('Asia/Ho_Chi_Minh');
      expect(d.policies).toMatchObject({ overlap: 'BUFFER_ALL', catchupWindow: 2 * DAY_MS });
      expect(d.action).toMatchObject({
        type: 'startWorkflow',
        workflowType,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
      });
      expect(d.action.type === 'startWorkflow' && d.action.memo?.[SCHEDULE_CONFIG_MEMO]).toContain(
        cron,
      );
      // The cron as the server compiled it: at the chosen minute, then every day.
      expect(d.info.nextActionTimes[0]).toEqual(firesAt);
      expect(d.info.nextActionTimes[1].getTime() - firesAt.getTime()).toBe(DAY_MS);
      expect(d.info.recentActions).toEqual([]);
      expect(d.state.paused).toBe(false);
    };
    check(await describeSchedule(digestId), 'scheduledDigest');
    check(await describeSchedule(snapshotId), 'scheduledReportSnapshots');
  });

  it('runs each schedule once for a minute when every API and the worker were down', async () => {
    expect(Date.now()).toBeLessThan(firesAt.getTime() - 5_000);
    for (const app of extraApis.splice(0)) await app.close();
    await stack.api.close();
    await stack.stopWorker();

    await new Promise((resolve) => setTimeout(resolve, firesAt.getTime() + 5_000 - Date.now()));
    // The server took the action on time with nothing of ours running; the run waits for a worker.
    for (const id of [digestId, snapshotId]) {
      const d = await describeSchedule(id);
      expect(d.info.recentActions.map((a) => a.scheduledAt)).toEqual([firesAt]);
    }

    await stack.startWorker();
    stack.api = await bootApi(env);

    const runOf = async (id: string) => {
      const [action] = (await describeSchedule(id)).info.recentActions;
      return client.workflow.getHandle(action.action.workflow.workflowId).result();
    };
    const digest = (await runOf(digestId)) as ScheduledDigestResult;
    expect(digest).toEqual({ date: scheduledDate, started: !digestExistedBefore, stale: false });
    const child = await client.workflow.getHandle(dailyDigestWorkflowId(scheduledDate)).describe();
    if (!digestExistedBefore) expect(child.taskQueue).toBe(env.TEMPORAL_TASK_QUEUE);

    const snapshots = (await runOf(snapshotId)) as ScheduledSnapshotsResult;
    const due = snapshotsDueOn(scheduledDate);
    expect(snapshots).toEqual({
      date: scheduledDate,
      started: due.map(scheduledSnapshotWorkflowId),
    });
    // Usually no window closes on the day the test runs; on a cut-off day its periods are published.
    const year = Number(scheduledDate.slice(0, 4));
    const published = await stack.eventually(async () => {
      const rows = await snapshotPeriods(year);
      return rows.length === due.length ? rows : null;
    });
    expect(published?.map((r) => [r.periodType, r.number, r.maxVersion]).sort()).toEqual(
      due.map((r) => [r.periodType, r.number, 1]).sort(),
    );

    // Booting again neither re-ran nor changed anything.
    for (const id of [digestId, snapshotId]) {
      const d = await describeSchedule(id);
      expect(d.info.numActionsTaken).toBe(1);
      expect(d.info.recentActions.map((a) => a.scheduledAt)).toEqual([firesAt]);
    }
  });

  it('publishes the cut-offs of the night a run was scheduled for, whenever it runs, once', async () => {
    // A backfill runs the action now for a past scheduled time, as a catch-up does: the night
    // of 15 June 2022 closes June, the second quarter and the first half of 2022.
    const handle = client.schedule.getHandle(snapshotId);
    const night = Date.UTC(2022, 5, 15) - VN_OFFSET_MS;
    await handle.backfill({
      start: new Date(night),
      end: new Date(night + DAY_MS - 1),
      overlap: 'ALLOW_ALL',
    });
    const backfilled = await stack.eventually(async () =>
      (await handle.describe()).info.recentActions.find(
        (a) => a.scheduledAt.getTime() < night + DAY_MS,
      ),
    );
    expect(backfilled?.scheduledAt).toEqual(
      new Date(night + firesAt.getTime() - dayStart(firesAt)),
    );
    expect(
      await client.workflow.getHandle(backfilled!.action.workflow.workflowId).result(),
    ).toEqual({
      date: '2022-06-15',
      started: [
        'report-snapshots-month-2022-6',
        'report-snapshots-quarter-2022-2',
        'report-snapshots-half-2022-1',
      ],
    });
    const rows = await stack.eventually(async () => {
      const r = await snapshotPeriods(2022);
      return r.length === 3 ? r : null;
    });
    expect(rows?.map((r) => [r.periodType, r.number, r.maxVersion])).toEqual([
      ['half', 1, 1],
      ['month', 6, 1],
      ['quarter', 2, 1],
    ]);

    // The same night again (by hand or another catch-up) publishes nothing more.
    expect(await stack.api.get(ReportScheduler).publishDue('2022-06-15')).toEqual([]);
    expect((await snapshotPeriods(2022)).map((r) => r.maxVersion)).toEqual([1, 1, 1]);
  });

  it('skips a digest whose day is over instead of sending a stale one', async () => {
    const handle = client.schedule.getHandle(digestId);
    const day = Date.UTC(2022, 5, 15) - VN_OFFSET_MS;
    await handle.backfill({ start: new Date(day), end: new Date(day + DAY_MS - 1) });
    const run = await stack.eventually(async () =>
      (await handle.describe()).info.recentActions.find(
        (a) => a.scheduledAt.getTime() < day + DAY_MS,
      ),
    );
    expect(await client.workflow.getHandle(run!.action.workflow.workflowId).result()).toEqual({
      date: '2022-06-15',
      started: false,
      stale: true,
    });
    expect(await workflowExists(dailyDigestWorkflowId('2022-06-15'))).toBe(false);
  });

  it('updates a schedule in place when its configuration changes, keeping its history', async () => {
    const before = await describeSchedule(digestId);
    extraApis.push(await bootApi({ ...env, SNAPSHOT_CRON: '15 0 * * *' }));

    expect(await ourSchedules()).toEqual([digestId, snapshotId].sort());
    const snapshot = await describeSchedule(snapshotId);
    const next = new Date(snapshot.info.nextActionTimes[0].getTime() + VN_OFFSET_MS);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 15]);
    expect(snapshot.info.numActionsTaken).toBeGreaterThanOrEqual(2);
    expect(snapshot.info.recentActions[0].scheduledAt).toEqual(firesAt);
    // The digest's configuration did not change: it was left alone.
    expect((await describeSchedule(digestId)).info.lastUpdatedAt).toEqual(
      before.info.lastUpdatedAt,
    );
  });
});
