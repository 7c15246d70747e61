import { Client, Connection, ScheduleDescription } from '@temporalio/client';
import { vnDateOf } from '../../libs/domain/dates';
import {
  CronSchedule,
  ensureSchedule,
  SCHEDULE_CONFIG_MEMO,
  scheduleFingerprint,
} from '../../libs/temporal/temporal-schedules';
import {
  reportSnapshotsScheduleId,
  ScheduledSnapshotsResult,
  scheduledSnapshotWorkflowId,
  snapshotsDueOn,
} from '../../workflows/report/report-snapshot.messages';
import type { scheduledReportSnapshots } from '../../workflows/report/scheduled-snapshots.workflow';
import { ClusterStack } from '../support/cluster-stack';

/**
 * The nightly snapshots on the production topology (docs/decisions/0019): the Temporal Schedule
 * fires on the server, so a run whose minute passes while every API is down still happens, once.
 */
jest.setTimeout(600_000);

const VN_OFFSET_MS = 7 * 3_600_000;
const TASK_QUEUE = 'giaoviec';
const CATCHUP_WINDOW = '1d';

/** The first whole minute at least `leadMs` from now. */
const minuteAfter = (leadMs: number) =>
  new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);

/** A daily cron (Asia/Ho_Chi_Minh) firing at the wall-clock minute of `at`. */
function dailyCronAt(at: Date): string {
  const vn = new Date(at.getTime() + VN_OFFSET_MS);
  return `${vn.getUTCMinutes()} ${vn.getUTCHours()} * * *`;
}

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** The snapshot schedule as the APIs configure it, with `cron` instead of SNAPSHOT_CRON. */
const snapshotSchedule = (cron: string): CronSchedule => ({
  scheduleId: reportSnapshotsScheduleId(TASK_QUEUE),
  cron,
  catchupWindow: CATCHUP_WINDOW,
  workflowType: 'scheduledReportSnapshots' satisfies (typeof scheduledReportSnapshots)['name'],
  workflowId: reportSnapshotsScheduleId(TASK_QUEUE),
  taskQueue: TASK_QUEUE,
});

// The APIs boot with the default nightly minute; each step moves the schedule to a minute a little
// ahead, as a redeploy with another SNAPSHOT_CRON would (and the APIs put it back when they boot).
const CONFIGURED_CRON = '15 0 * * *';

describe('cluster: the scheduled snapshots with both APIs down', () => {
  let stack: ClusterStack;
  let client: Client;
  const handle = () => client.schedule.getHandle(reportSnapshotsScheduleId(TASK_QUEUE));

  const eventually = async <T>(probe: () => Promise<T | undefined>, what: string, ms = 120_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const configuredFingerprint = (d: ScheduleDescription) =>
    d.action.type === 'startWorkflow' ? d.action.memo?.[SCHEDULE_CONFIG_MEMO] : undefined;
  /** Waits until the APIs have (re)applied their configuration, so that nothing races ours. */
  const apisApplied = () =>
    eventually(async () => {
      const d = await handle().describe();
      return configuredFingerprint(d) === scheduleFingerprint(snapshotSchedule(CONFIGURED_CRON))
        ? d
        : undefined;
    }, 'the APIs to apply SNAPSHOT_CRON');
  const actionsFor = async (at: Date) =>
    (await handle().describe()).info.recentActions.filter(
      (a) => a.scheduledAt.getTime() === at.getTime(),
    );
  const publishedRows = async (date: string) => {
    const due = snapshotsDueOn(date);
    if (due.length === 0) return [];
    return stack.sql<{ period: string; version: number }>(
      `SELECT period_type || '-' || period_year || '-' || period_number AS period, version
       FROM report_snapshots
       WHERE (period_type, period_year, period_number) IN (${due
         .map((_, i) => `($${3 * i + 1}, $${3 * i + 2}::int, $${3 * i + 3}::int)`)
         .join(', ')})
       ORDER BY 1, 2`,
      due.flatMap((d) => [d.periodType, d.year, d.number]),
    );
  };
  /** The one run of `at`, finished: what it published. */
  const runOf = async (at: Date) => {
    const [action] = await eventually(async () => {
      const actions = await actionsFor(at);
      return actions.length > 0 ? actions : undefined;
    }, `the run scheduled at ${at.toISOString()}`);
    const result = (await client.workflow
      .getHandle(action.action.workflow.workflowId)
      .result()) as ScheduledSnapshotsResult;
    return { action, result };
  };

  beforeAll(async () => {
    stack = await ClusterStack.start({
      apis: 2,
      workers: 1,
      env: { SNAPSHOT_CRON: CONFIGURED_CRON, SCHEDULE_CATCHUP_WINDOW: CATCHUP_WINDOW },
    });
    client = new Client({
      connection: await Connection.connect({ address: stack.env.temporalAddress }),
    });
  });

  afterAll(async () => {
    await client?.connection.close();
    await stack?.stop();
  });

  it('publishes once a run whose minute passed while both APIs were down', async () => {
    await apisApplied();
    const firesAt = minuteAfter(20_000);
    expect(await ensureSchedule(client, snapshotSchedule(dailyCronAt(firesAt)))).toBe('updated');
    await stack.pause(stack.apiName(0));
    await stack.pause(stack.apiName(1));
    expect(Date.now()).toBeLessThan(firesAt.getTime() - 2_000);
    expect(await stack.call(0, 'GET', '/health')).toMatchObject({ status: 0 });
    expect(await stack.call(1, 'GET', '/health')).toMatchObject({ status: 0 });

    await sleepUntil(firesAt.getTime() + 2_000);
    const date = vnDateOf(firesAt);
    const { result } = await runOf(firesAt);
    // Usually no window is cut off on the day the test runs; on a cut-off day its periods are.
    const due = snapshotsDueOn(date);
    expect(result).toEqual({ date, started: due.map(scheduledSnapshotWorkflowId) });
    const published = await eventually(async () => {
      const rows = await publishedRows(date);
      return rows.length === due.length ? rows : undefined;
    }, 'the snapshots of the run');
    expect(published.map((r) => r.version)).toEqual(due.map(() => 1));

    // The APIs come back: they put their own minute back, and nothing runs a second time.
    await stack.resume(stack.apiName(0));
    await stack.resume(stack.apiName(1));
    const after = await apisApplied();
    expect(after.info.numActionsTaken).toBe(1);
    expect(after.info.recentActions.map((a) => a.scheduledAt)).toEqual([firesAt]);
    expect(await publishedRows(date)).toEqual(published);
  });
});
