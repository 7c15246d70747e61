import type { LoggerService, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

/** The time zone of every GiaoViec schedule. */
export const SCHEDULE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A cron-driven Temporal Schedule whose action starts one workflow. */
export interface CronSchedule {
  scheduleId: string;
  cron: string;
  /** The workflow's arguments (none when absent). */
  args?: unknown[];
  /** Created paused (an existing schedule keeps its own state). */
  paused?: boolean;
  /** "30m", "12h", "3d" (SCHEDULE_CATCHUP_WINDOW). */
  catchupWindow: string;
  workflowType: string;
  /** The Schedule appends the scheduled time to it. */
  workflowId: string;
  taskQueue: string;
}

/**
 * Runs never overlap (the next one waits for the previous one) and none is dropped: a caught-up
 * run and the next regular one both happen, one after the other.
 */
export const SCHEDULE_OVERLAP = ScheduleOverlapPolicy.BUFFER_ALL;

/**
 * Memo key on the schedule's action holding the configuration it was made from. The server
 * compiles cron strings into calendars, so the configuration cannot be read back from the spec.
 */
export const SCHEDULE_CONFIG_MEMO = 'giaoviecScheduleConfig';

export const scheduleFingerprint = (s: CronSchedule) =>
  JSON.stringify({
    cron: s.cron.trim(),
    timeZone: SCHEDULE_TIME_ZONE,
    catchupWindow: s.catchupWindow,
    overlap: SCHEDULE_OVERLAP,
    workflowType: s.workflowType,
    workflowId: s.workflowId,
    taskQueue: s.taskQueue,
    ...(s.args && { args: s.args }),
  });

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m", "12h", "3d" in milliseconds (the formats SCHEDULE_CATCHUP_WINDOW accepts). */
export function catchupWindowMs(window: string): number {
  const match = /^([1-9]\d*)([mhd])$/.exec(window);
  if (!match) throw new RangeError(`Invalid catch-up window ${JSON.stringify(window)}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function scheduleParts(s: CronSchedule) {
  return {
    spec: { cronExpressions: [s.cron.trim()], timezone: SCHEDULE_TIME_ZONE },
    action: {
      type: 'startWorkflow' as const,
      workflowType: s.workflowType,
      workflowId: s.workflowId,
      taskQueue: s.taskQueue,
      args: s.args ?? [],
      memo: { [SCHEDULE_CONFIG_MEMO]: scheduleFingerprint(s) },
    },
    policies: { overlap: SCHEDULE_OVERLAP, catchupWindow: catchupWindowMs(s.catchupWindow) },
  };
}

/**
 * Creates the schedule, or updates it when it exists with another configuration; any number of
 * processes may call this at once (create is atomic per id; concurrent updates write the same
 * thing). A pause set by an operator is kept.
 */
export async function ensureSchedule(
  client: Client,
  schedule: CronSchedule,
): Promise<'created' | 'updated' | 'unchanged'> {
  const parts = scheduleParts(schedule);
  try {
    await client.schedule.create({
      scheduleId: schedule.scheduleId,
      ...parts,
      ...(schedule.paused && { state: { paused: true } }),
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(schedule.scheduleId);
  const current = await handle.describe();
  const memo = current.action.type === 'startWorkflow' ? current.action.memo : undefined;
  if (memo?.[SCHEDULE_CONFIG_MEMO] === scheduleFingerprint(schedule)) return 'unchanged';
  await handle.update((previous) => ({ ...parts, state: previous.state }));
  return 'updated';
}

/**
 * ensureSchedule, retried with back-off (1 s doubling to 1 min) until it succeeds or `signal`
 * aborts: the API boots, and serves, while the Temporal server is still starting or down.
 */
export async function keepScheduleEnsured(
  client: Client,
  schedule: CronSchedule,
  logger: LoggerService,
  signal: AbortSignal,
): Promise<void> {
  for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, 60_000)) {
    try {
      const outcome = await ensureSchedule(client, schedule);
      if (outcome !== 'unchanged') logger.log(`Schedule ${schedule.scheduleId} ${outcome}`);
      return;
    } catch (error) {
      if (signal.aborted) return;
      logger.warn(`Schedule ${schedule.scheduleId} not ensured yet: ${String(error)}`);
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }
}

/**
 * A service that keeps one schedule in place: made sure of at boot (retried until Temporal
 * answers), given up at shutdown. Subclasses say which schedule.
 */
export abstract class ScheduleKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly shutdown = new AbortController();
  /** Settles once the schedule is in place (or the app shuts down first). */
  ready: Promise<void> = Promise.resolve();

  protected constructor(
    protected readonly temporal: Client,
    private readonly logger: LoggerService,
  ) {}

  abstract get schedule(): CronSchedule;

  onApplicationBootstrap(): void {
    this.ready = keepScheduleEnsured(
      this.temporal,
      this.schedule,
      this.logger,
      this.shutdown.signal,
    );
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }
}
