import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';

export class NotificationDto {
  @ApiUuid()
  id: string;

  @ApiUuid({ nullable: true, description: 'The task it is about, if any.' })
  taskId: string | null;

  @ApiText({ description: 'task_assigned, reminder_before, daily_digest, task_approve…' })
  kind: string;

  @ApiText()
  title: string;

  @ApiText()
  body: string;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime({ nullable: true })
  readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiText({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor: string | null;
}

export class UnreadCountDto {
  @ApiInt({ minimum: 0 })
  count: number;
}

export class ReadAllResultDto {
  @ApiInt({ minimum: 0, description: 'How many were unread.' })
  updated: number;
}
