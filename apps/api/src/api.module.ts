import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from '../../../libs/auth/auth.module';
import { CalendarModule } from '../../../libs/calendar/calendar.module';
import { AppConfigModule } from '../../../libs/config/config.module';
import { DatabaseModule } from '../../../libs/database/database.module';
import { DigestModule } from '../../../libs/digest/digest.module';
import { HealthModule } from '../../../libs/health/health.module';
import { InspectionModule } from '../../../libs/inspections/inspection.module';
import { LoggingModule } from '../../../libs/logging/logging.module';
import { NotificationModule } from '../../../libs/notifications/notification.module';
import { ReportModule } from '../../../libs/reports/report.module';
import { PlanModule } from '../../../libs/plans/plan.module';
import { RecurrenceModule } from '../../../libs/recurrences/recurrence.module';
import { ReorganisationModule } from '../../../libs/reorganisation/reorganisation.module';
import { OrganizationModule } from '../../../libs/organization/organization.module';
import { TaskModule } from '../../../libs/tasks/task.module';
import { TemporalClientModule } from '../../../libs/temporal/temporal-client.module';
import { WebAppModule } from '../../../libs/web/web-app.module';
import { validateEnvironment } from '../../../libs/config/environment';

/** HTTP API: REST under /api/v1, the web app at /, a Temporal client (and its Schedules); no worker. */
@Module({})
export class ApiModule {
  static forRoot(env: Record<string, string> = {}): DynamicModule {
    const { WEB_DIST_DIR } = validateEnvironment({ ...process.env, ...env });
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        DatabaseModule,
        TemporalClientModule,
        // Per-process jobs only (the login counters' sweep); shared ones are Temporal Schedules.
        ScheduleModule.forRoot(),
        AuthModule,
        OrganizationModule,
        CalendarModule,
        TaskModule,
        NotificationModule,
        DigestModule,
        ReportModule,
        InspectionModule,
        PlanModule,
        RecurrenceModule,
        ReorganisationModule,
        HealthModule,
        WebAppModule.forRoot(WEB_DIST_DIR),
      ],
    };
  }
}
