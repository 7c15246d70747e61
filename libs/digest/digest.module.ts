import { Module } from '@nestjs/common';
import { DeadlineModule } from '../calendar/calendar.module';
import { DigestController } from './digest.controller';
import { NotificationActivitiesModule } from '../notifications/notification.module';
import { DigestActivities } from './digest.activities';
import { DigestScheduler } from './digest.scheduler';

/** API side: the Temporal Schedule's upkeep and the manual trigger. The worker side is DigestActivities. */
@Module({
  controllers: [DigestController],
  providers: [DigestScheduler],
})
export class DigestModule {}

/** Worker side: builds the digests. */
@Module({
  imports: [NotificationActivitiesModule, DeadlineModule],
  providers: [DigestActivities],
  exports: [DigestActivities],
})
export class DigestActivitiesModule {}
