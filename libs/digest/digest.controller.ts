import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CalendarDateParam } from '../calendar/calendar.controller';
import { DigestScheduler } from './digest.scheduler';

export class DigestRunDto {
  @ApiProperty({ format: 'date' })
  date: string;

  @ApiProperty({ description: "false when that day's digest had already run." })
  started: boolean;
}

@ApiTags('Thông báo')
@ApiBearerAuth()
@Controller('digests')
export class DigestController {
  constructor(private readonly scheduler: DigestScheduler) {}

  /** Runs a day's digest now (once per day, like the schedule). */
  @Roles('admin')
  @Post(':date')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DigestRunDto })
  async run(@Param() { date }: CalendarDateParam) {
    return { date, started: await this.scheduler.run(date) };
  }
}
