import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { RecurrenceActivities } from './recurrence.activities';
import { RecurrenceController } from './recurrence.controller';
import { RecurrenceQueryService } from './recurrence-query.service';
import { RecurrenceSchedules, RecurrenceSchedulesAtBoot } from './recurrence-schedules';
import { RecurrenceService } from './recurrence.service';

/** API side of recurring tasks: the commands, the reads and each recurrence's Schedule. */
@Module({
  imports: [CalendarModule],
  controllers: [RecurrenceController],
  providers: [
    RecurrenceService,
    RecurrenceQueryService,
    RecurrenceSchedules,
    RecurrenceSchedulesAtBoot,
  ],
})
export class RecurrenceModule {}

/** Worker side: the recurrence run's activity. */
@Module({
  imports: [CalendarModule],
  providers: [RecurrenceActivities, TaskSettingsService],
  exports: [RecurrenceActivities],
})
export class RecurrenceActivitiesModule {}
