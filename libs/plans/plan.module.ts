import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { TaskModule } from '../tasks/task.module';
import { PlanActivities } from './plan.activities';
import { PlanController } from './plan.controller';
import { PlanService } from './plan.service';

/** API side of documents and plans. */
@Module({
  imports: [TaskModule],
  controllers: [PlanController],
  providers: [PlanService, TaskSettingsService],
})
export class PlanModule {}

/** Worker side: the plan workflow's activities (they send updates to task workflows). */
@Module({
  imports: [CalendarModule],
  providers: [PlanActivities],
  exports: [PlanActivities],
})
export class PlanActivitiesModule {}
