import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';
import { ApiDateTime, ApiInt } from '../../common/api-schema';

/** The province's reminder policy (docs/domain.md §3), as an administrator saves it. */
export class ReminderSettingsInputDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 1,
    maximum: 365,
    maxItems: 10,
    description: 'Days before the due date on which reminders go out; [] sends none before it.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  daysBefore: number[];

  @ApiInt({ minimum: 0, maximum: 23, description: 'Hour (Asia/Ho_Chi_Minh) reminders go out.' })
  @IsInt()
  @Min(0)
  @Max(23)
  hour: number;

  @ApiInt({
    minimum: 0,
    maximum: 365,
    description: 'First overdue reminder, days after the due date.',
  })
  @IsInt()
  @Min(0)
  @Max(365)
  firstOverdueAfterDays: number;

  @ApiInt({
    minimum: 1,
    maximum: 365,
    description: 'Overdue reminders repeat every this many days.',
  })
  @IsInt()
  @Min(1)
  @Max(365)
  overdueRepeatDays: number;
}

export class ReminderSettingsDto extends ReminderSettingsInputDto {
  @ApiInt({
    minimum: 0,
    description: 'Version of the live settings; 0 while the configured defaults apply.',
  })
  version: number;

  @ApiDateTime({ nullable: true, description: 'When an administrator last saved them.' })
  updatedAt: string | null;

  @ApiInt({
    minimum: 0,
    description: 'Open task workflows told of this version by this request (0 on GET).',
  })
  signalledTasks: number;
}
