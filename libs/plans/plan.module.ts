import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DocumentModule } from '../documents/document.module';
import { TaskSettingsService } from '../tasks/task-settings.service';
import { TaskModule } from '../tasks/task.module';
import { PlanActivities } from './plan.activities';
import { PlanController } from './plan.controller';
import { PlanQueryService } from './plan-query.service';
import { PlanService } from './plan.service';

/** API side of plans (and, through DocumentModule, the document register they are issued under). */
@Module({
  imports: [TaskModule, DocumentModule],
  controllers: [PlanController],
  providers: [PlanService, PlanQueryService, TaskSettingsService],
})
export class PlanModule {}

/** Worker side: the plan workflow's activities (they send updates to task workflows). */
@Module({
  imports: [CalendarModule],
  providers: [PlanActivities],
  exports: [PlanActivities],
})
export class PlanActivitiesModule {}
