import { Module } from '@nestjs/common';
import { ReorganisationActivities } from './reorganisation.activities';
import { ReorganisationController } from './reorganisation.controller';
import { ReorganisationService } from './reorganisation.service';
import { ReorganisationWorkflows, ReorganisationWorkflowsAtBoot } from './reorganisation-workflows';

/** API side of reorganisations: record, cancel, read; the workflow carries them out. */
@Module({
  controllers: [ReorganisationController],
  providers: [ReorganisationService, ReorganisationWorkflows, ReorganisationWorkflowsAtBoot],
})
export class ReorganisationModule {}

/** Worker side: the reorganisation workflow's activities. */
@Module({
  providers: [ReorganisationActivities],
  exports: [ReorganisationActivities],
})
export class ReorganisationActivitiesModule {}
