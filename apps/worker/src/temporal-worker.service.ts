import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import {
  DefaultLogger,
  LogLevel,
  NativeConnection,
  Runtime,
  Worker,
  type State,
} from '@temporalio/worker';
import { PinoLogger } from 'nestjs-pino';
import { createServer } from 'node:net';
import type { Environment } from '../../../libs/config/environment';
import { DigestActivities } from '../../../libs/digest/digest.activities';
import { InspectionActivities } from '../../../libs/inspections/inspection.activities';
import { NotificationActivities } from '../../../libs/notifications/notification.activities';
import { PlanActivities } from '../../../libs/plans/plan.activities';
import { RecurrenceActivities } from '../../../libs/recurrences/recurrence.activities';
import { ReorganisationActivities } from '../../../libs/reorganisation/reorganisation.activities';
import { ReportSnapshotActivities } from '../../../libs/reports/report-snapshot.activities';
import { TaskActivities } from '../../../libs/tasks/task.activities';
import { activityLoggingInterceptor } from '../../../libs/observability/workflow-logging';
import { workflowSpanSinks } from './workflow-span-sinks';
import {
  workflowBundlePath,
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOWS_PATH,
} from './workflow-bundle';
import type { DigestActivityContract } from '../../../workflows/digest/daily-digest.contract';
import type { InspectionActivityContract } from '../../../workflows/inspection/inspection.contract';
import type { PlanActivityContract } from '../../../workflows/plan/plan.contract';
import type { RecurrenceActivityContract } from '../../../workflows/recurrence/recurrence.contract';
import type { ReorganisationActivityContract } from '../../../workflows/reorganisation/reorganisation.contract';
import type { ReportSnapshotActivityContract } from '../../../workflows/report/report-snapshot.contract';
import type {
  NotificationActivityContract,
  TaskActivityContract,
} from '../../../workflows/task/task.contract';

/** Hosts the Temporal worker: the workflows in `workflows/` and the activities bound below. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private shuttingDown = false;
  private stopping?: Promise<void>;
  private onFailure?: (error: Error) => void;
  /** Resolves when the worker stops by itself (not by shutdown), e.g. on a fatal poll error. */
  readonly failed = new Promise<Error>((resolve) => (this.onFailure = resolve));

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly tasks: TaskActivities,
    private readonly notifications: NotificationActivities,
    private readonly digests: DigestActivities,
    private readonly snapshots: ReportSnapshotActivities,
    private readonly inspections: InspectionActivities,
    private readonly plans: PlanActivities,
    private readonly recurrences: RecurrenceActivities,
    private readonly reorganisations: ReorganisationActivities,
    private readonly pino: PinoLogger,
  ) {}

  /** RUNNING while it polls; /health of the worker answers 200 only then. */
  get state(): State | 'STARTING' {
    return this.worker?.getState() ?? 'STARTING';
  }

  /** Where the SDK's Rust core serves its own Prometheus metrics, when they are on. */
  get coreMetricsUrl(): string | undefined {
    return coreMetricsAddress && `http://${coreMetricsAddress}/metrics`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await installRuntime(
      this.config.get('LOG_LEVEL'),
      this.config.get('WORKER_HTTP_PORT', { infer: true }) !== undefined,
    );
    this.connection = await NativeConnection.connect({
      address: this.config.get('TEMPORAL_ADDRESS'),
    });
    const grace = this.config.get('SHUTDOWN_GRACE_MS', { infer: true });
    const bundlePath = workflowBundlePath(
      this.config.get('TEMPORAL_WORKFLOW_BUNDLE', { infer: true }),
    );
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.get('TEMPORAL_NAMESPACE'),
      taskQueue: this.config.get('TEMPORAL_TASK_QUEUE'),
      ...(bundlePath
        ? { workflowBundle: { codePath: bundlePath } }
        : { workflowsPath: WORKFLOWS_PATH }),
      activities: this.activities(),
      interceptors: {
        // A prebuilt bundle has them compiled in (bundle-workflows.ts).
        ...(bundlePath ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
          activityLoggingInterceptor(this.pino),
        ],
      },
      sinks: workflowSpanSinks(),
      maxCachedWorkflows: this.config.get('TEMPORAL_MAX_CACHED_WORKFLOWS'),
      // On shutdown the worker stops polling and running activities get the grace time to
      // finish (they are then cancelled, and retried elsewhere); it stops regardless after that.
      shutdownGraceTime: grace,
      shutdownForceTime: grace + 10_000,
    });
    this.running = this.worker.run();
    this.running.catch((error) => {
      this.logger.error(error, 'Temporal worker stopped');
      if (!this.shuttingDown) this.onFailure?.(error);
    });
    this.logger.log(`Temporal worker polling ${this.config.get('TEMPORAL_TASK_QUEUE')}`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Stops polling, lets running activities finish (the grace time), then disconnects; once. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      this.shuttingDown = true;
      if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
      await this.running?.catch(() => undefined);
      await this.connection?.close();
    })());
  }

  /** Activities are methods of injectable services, bound explicitly here. */
  private activities(): TaskActivityContract &
    NotificationActivityContract &
    DigestActivityContract &
    ReportSnapshotActivityContract &
    InspectionActivityContract &
    PlanActivityContract &
    RecurrenceActivityContract &
    ReorganisationActivityContract {
    const { tasks, notifications, digests, snapshots, inspections, plans, recurrences } = this;
    const { reorganisations } = this;
    return {
      recordTaskAssigned: tasks.recordTaskAssigned.bind(tasks),
      recordTaskTransition: tasks.recordTaskTransition.bind(tasks),
      deliverReminder: tasks.deliverReminder.bind(tasks),
      planReminder: tasks.planReminder.bind(tasks),
      notifyTransition: tasks.notifyTransition.bind(tasks),
      recordAssignment: tasks.recordAssignment.bind(tasks),
      recordTransition: tasks.recordTransition.bind(tasks),
      emailNotifications: notifications.emailNotifications.bind(notifications),
      recordDailyDigest: digests.recordDailyDigest.bind(digests),
      digestGoesOut: digests.digestGoesOut.bind(digests),
      publishSnapshots: snapshots.publishSnapshots.bind(snapshots),
      recordRoundStatus: inspections.recordRoundStatus.bind(inspections),
      recordSelfReport: inspections.recordSelfReport.bind(inspections),
      recordInspection: inspections.recordInspection.bind(inspections),
      findingDetails: inspections.findingDetails.bind(inspections),
      linkRemediation: inspections.linkRemediation.bind(inspections),
      openRemediation: inspections.openRemediation.bind(inspections),
      carryOver: inspections.carryOver.bind(inspections),
      moveRoundUnits: inspections.moveRoundUnits.bind(inspections),
      remindSelfReports: inspections.remindSelfReports.bind(inspections),
      claimPlanItems: plans.claimPlanItems.bind(plans),
      pendingObligationTasks: plans.pendingObligationTasks.bind(plans),
      planCounts: plans.planCounts.bind(plans),
      cancelOpenTasks: plans.cancelOpenTasks.bind(plans),
      recordPlanClosed: plans.recordPlanClosed.bind(plans),
      dueOccurrences: recurrences.dueOccurrences.bind(recurrences),
      beginReorganisation: reorganisations.beginReorganisation.bind(reorganisations),
      changeUnits: reorganisations.changeUnits.bind(reorganisations),
      moveOpenTasks: reorganisations.moveOpenTasks.bind(reorganisations),
      moveMembers: reorganisations.moveMembers.bind(reorganisations),
      moveUnitWork: reorganisations.moveUnitWork.bind(reorganisations),
      moveInspectionRounds: reorganisations.moveInspectionRounds.bind(reorganisations),
      finishReorganisation: reorganisations.finishReorganisation.bind(reorganisations),
      failReorganisation: reorganisations.failReorganisation.bind(reorganisations),
    };
  }
}

const SDK_LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

let coreMetricsAddress: string | undefined;

/**
 * The SDK's runtime is per process and installed once: the first worker's settings win. With
 * `metrics`, its Rust core serves the SDK's own metrics (temporal_*: task slots, poll latency,
 * sticky cache…) on a free loopback port, which the worker's /metrics appends to ours.
 */
async function installRuntime(level: string, metrics: boolean): Promise<void> {
  if (Runtime._instance) return;
  const address = metrics ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  try {
    Runtime.install({
      logger: new DefaultLogger(SDK_LEVELS[level] ?? 'INFO'),
      ...(address && { telemetryOptions: { metrics: { prometheus: { bindAddress: address } } } }),
    });
    coreMetricsAddress = address;
  } catch {
    // Already installed by an earlier worker in this process.
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
