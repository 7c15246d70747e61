import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DefaultLogger, LogLevel, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Environment } from '../../../libs/config/environment';
import { DigestActivities } from '../../../libs/digest/digest.activities';
import { InspectionActivities } from '../../../libs/inspections/inspection.activities';
import { NotificationActivities } from '../../../libs/notifications/notification.activities';
import { PlanActivities } from '../../../libs/plans/plan.activities';
import { ReportSnapshotActivities } from '../../../libs/reports/report-snapshot.activities';
import { TaskActivities } from '../../../libs/tasks/task.activities';
import { workflowBundlePath, WORKFLOWS_PATH } from './workflow-bundle';
import type { DigestActivityContract } from '../../../workflows/digest/daily-digest.contract';
import type { InspectionActivityContract } from '../../../workflows/inspection/inspection.contract';
import type { PlanActivityContract } from '../../../workflows/plan/plan.contract';
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    installRuntimeLogger(this.config.get('LOG_LEVEL'));
    this.connection = await NativeConnection.connect({
      address: this.config.get('TEMPORAL_ADDRESS'),
    });
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
      maxCachedWorkflows: this.config.get('TEMPORAL_MAX_CACHED_WORKFLOWS'),
      // Activities get a moment to finish on shutdown, then the worker stops regardless.
      shutdownGraceTime: '5 seconds',
      shutdownForceTime: '15 seconds',
    });
    this.running = this.worker.run();
    this.running.catch((error) => {
      this.logger.error(error, 'Temporal worker stopped');
      if (!this.shuttingDown) this.onFailure?.(error);
    });
    this.logger.log(`Temporal worker polling ${this.config.get('TEMPORAL_TASK_QUEUE')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }

  /** Activities are methods of injectable services, bound explicitly here. */
  private activities(): TaskActivityContract &
    NotificationActivityContract &
    DigestActivityContract &
    ReportSnapshotActivityContract &
    InspectionActivityContract &
    PlanActivityContract {
    const { tasks, notifications, digests, snapshots, inspections, plans } = this;
    return {
      recordTaskAssigned: tasks.recordTaskAssigned.bind(tasks),
      recordTaskTransition: tasks.recordTaskTransition.bind(tasks),
      deliverReminder: tasks.deliverReminder.bind(tasks),
      notifyTransition: tasks.notifyTransition.bind(tasks),
      recordAssignment: tasks.recordAssignment.bind(tasks),
      recordTransition: tasks.recordTransition.bind(tasks),
      emailNotifications: notifications.emailNotifications.bind(notifications),
      recordDailyDigest: digests.recordDailyDigest.bind(digests),
      publishSnapshots: snapshots.publishSnapshots.bind(snapshots),
      recordRoundStatus: inspections.recordRoundStatus.bind(inspections),
      recordSelfReport: inspections.recordSelfReport.bind(inspections),
      recordInspection: inspections.recordInspection.bind(inspections),
      findingDetails: inspections.findingDetails.bind(inspections),
      linkRemediation: inspections.linkRemediation.bind(inspections),
      openRemediation: inspections.openRemediation.bind(inspections),
      carryOver: inspections.carryOver.bind(inspections),
      remindSelfReports: inspections.remindSelfReports.bind(inspections),
      claimPlanItems: plans.claimPlanItems.bind(plans),
      pendingObligationTasks: plans.pendingObligationTasks.bind(plans),
      planCounts: plans.planCounts.bind(plans),
      cancelOpenTasks: plans.cancelOpenTasks.bind(plans),
      recordPlanClosed: plans.recordPlanClosed.bind(plans),
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

/** The SDK's runtime is per process and installed once: the first worker's level wins. */
function installRuntimeLogger(level: string): void {
  try {
    Runtime.install({ logger: new DefaultLogger(SDK_LEVELS[level] ?? 'INFO') });
  } catch {
    // Already installed by an earlier worker in this process.
  }
}
