import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { NotificationActivitiesModule } from '../notifications/notification.module';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { InspectionActivities } from './inspection.activities';
import { InspectionController } from './inspection.controller';
import { InspectionQueryService } from './inspection-query.service';
import { InspectionService } from './inspection.service';

/** API side of inspection rounds. */
@Module({
  imports: [CalendarModule],
  controllers: [InspectionController],
  providers: [InspectionService, InspectionQueryService, TaskSettingsService],
})
export class InspectionModule {}

/** Worker side: the round's activities. */
@Module({
  imports: [NotificationActivitiesModule],
  providers: [InspectionActivities],
  exports: [InspectionActivities],
})
export class InspectionActivitiesModule {}
