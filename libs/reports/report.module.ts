import { Module } from '@nestjs/common';
import { NotificationActivitiesModule } from '../notifications/notification.module';
import { CompletionReportService } from './completion-report.service';
import { ReportSnapshotActivities } from './report-snapshot.activities';
import { ReportController } from './report.controller';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportScheduler } from './report.scheduler';

/** API side: reports, drill-down, exports, snapshots and their Temporal Schedule's upkeep. */
@Module({
  controllers: [ReportController],
  providers: [CompletionReportService, ReportSnapshotsService, ReportScheduler],
})
export class ReportModule {}

/** Worker side: publishing snapshots. */
@Module({
  imports: [NotificationActivitiesModule],
  providers: [CompletionReportService, ReportSnapshotActivities],
  exports: [ReportSnapshotActivities],
})
export class ReportActivitiesModule {}
