import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/config.module';
import { DatabaseModule } from '../../../libs/database/database.module';
import { DigestActivitiesModule } from '../../../libs/digest/digest.module';
import { InspectionActivitiesModule } from '../../../libs/inspections/inspection.module';
import { LoggingModule } from '../../../libs/logging/logging.module';
import { NotificationActivitiesModule } from '../../../libs/notifications/notification.module';
import { PlanActivitiesModule } from '../../../libs/plans/plan.module';
import { RecurrenceActivitiesModule } from '../../../libs/recurrences/recurrence.module';
import { ReorganisationActivitiesModule } from '../../../libs/reorganisation/reorganisation.module';
import { TemporalClientModule } from '../../../libs/temporal/temporal-client.module';
import { ReportActivitiesModule } from '../../../libs/reports/report.module';
import { TaskActivitiesModule } from '../../../libs/tasks/task.module';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerHttpService } from './worker-http.service';

/** The worker: a Nest application context hosting the Temporal worker and its activities. */
@Module({})
export class WorkerModule {
  static forRoot(env: Record<string, string> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        DatabaseModule,
        TaskActivitiesModule,
        NotificationActivitiesModule,
        DigestActivitiesModule,
        ReportActivitiesModule,
        InspectionActivitiesModule,
        TemporalClientModule,
        PlanActivitiesModule,
        RecurrenceActivitiesModule,
        ReorganisationActivitiesModule,
      ],
      providers: [TemporalWorkerService, WorkerHttpService],
    };
  }
}
