import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule, DeadlineModule } from '../calendar/calendar.module';
import { DeadlinesAtBoot } from '../calendar/deadline.service';
import { NotificationActivitiesModule } from '../notifications/notification.module';
import { Unit } from '../organization/unit.entity';
import { User } from '../organization/user.entity';
import { TaskCommentsController } from './comments/task-comments.controller';
import { TaskCommentsService } from './comments/task-comments.service';
import { TaskFileUploadInterceptor } from './files/task-file-upload.interceptor';
import { TaskFilesController } from './files/task-files.controller';
import { TaskFilesService } from './files/task-files.service';
import { TaskRemindersService } from './reminders/task-reminders.service';
import { AssignmentValidationService } from './assignment-validation.service';
import { TaskDetailService } from './detail/task-detail.service';
import { TaskAccessService } from './task-access.service';
import { TaskCommandsService } from './task-commands.service';
import { TaskQueryService } from './task-query.service';
import { TaskSettingsService } from './task-settings.service';
import { LiveSettingsService } from './settings/live-settings.service';
import { SettingsController } from './settings/settings.controller';
import { SearchAttributesRegistration } from '../temporal/search-attributes';
import { TaskTransferController } from './transfer/task-transfer.controller';
import { TaskTransferService } from './transfer/task-transfer.service';
import { TaskSourcesController } from './task-sources.controller';
import { TaskSourcesService } from './task-sources.service';
import { TaskEvent } from './task-event.entity';
import { TaskActivities } from './task.activities';
import { TaskController } from './task.controller';
import { Task } from './task.entity';
import { TaskWorkflowHealthController } from './task-workflow-health.controller';
import { TaskWorkflowHealthService } from './task-workflow-health.service';

/** HTTP side of tasks (API). */
@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskEvent, Unit, User]), CalendarModule],
  controllers: [
    TaskController,
    TaskSourcesController,
    TaskTransferController,
    TaskWorkflowHealthController,
    TaskFilesController,
    TaskCommentsController,
    SettingsController,
  ],
  providers: [
    TaskAccessService,
    AssignmentValidationService,
    TaskDetailService,
    TaskCommandsService,
    TaskQueryService,
    TaskSettingsService,
    TaskSourcesService,
    TaskTransferService,
    TaskWorkflowHealthService,
    TaskFilesService,
    TaskFileUploadInterceptor,
    TaskCommentsService,
    TaskRemindersService,
    LiveSettingsService,
    SearchAttributesRegistration,
  ],
  exports: [TaskAccessService, AssignmentValidationService, TaskCommandsService, TaskQueryService],
})
export class TaskModule {}

/** Workflow side of tasks (worker). */
@Module({
  imports: [NotificationActivitiesModule, DeadlineModule],
  providers: [TaskActivities, DeadlinesAtBoot],
  exports: [TaskActivities],
})
export class TaskActivitiesModule {}
