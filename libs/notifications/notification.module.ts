import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { NotificationActivities } from './notification.activities';
import { NotificationController } from './notification.controller';
import { NotificationService } from './notification.service';

/** API side: the inbox. */
@Module({
  controllers: [NotificationController],
  providers: [NotificationService],
})
export class NotificationModule {}

/** Worker side: inbox writes and e-mail. */
@Module({
  providers: [MailerService, NotificationActivities],
  exports: [NotificationActivities],
})
export class NotificationActivitiesModule {}
