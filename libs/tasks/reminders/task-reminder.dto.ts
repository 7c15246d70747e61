import { ApiProperty } from '@nestjs/swagger';
import { ApiBool, ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';

export const TASK_REMINDER_KINDS = ['before', 'due_day', 'overdue'] as const;
export type TaskReminderKind = (typeof TASK_REMINDER_KINDS)[number];

export class TaskReminderRecipientDto {
  @ApiUuid()
  id: string;

  @ApiText()
  fullName: string;
}

/** One reminder the task's workflow sent (a row of task_reminders). */
export class TaskReminderDto {
  @ApiProperty({
    enum: TASK_REMINDER_KINDS,
    enumName: 'TaskReminderKind',
    description: 'Nhắc trước hạn, nhắc đúng ngày đến hạn, or nhắc quá hạn.',
  })
  kind: TaskReminderKind;

  @ApiInt({
    minimum: 0,
    description: 'Days before the due date (before) or after it (overdue); 0 on the due day.',
  })
  days: number;

  @ApiDate({ description: 'The due date the reminder was about.' })
  dueDate: string;

  @ApiBool({ description: 'Sent to the lead unit’s leaders and the assigner as well (overdue).' })
  escalated: boolean;

  @ApiDateTime({ description: 'When it was due to go out.' })
  scheduledAt: string;

  @ApiDateTime()
  sentAt: string;

  @ApiProperty({ type: [TaskReminderRecipientDto] })
  recipients: TaskReminderRecipientDto[];
}
