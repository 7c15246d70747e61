import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CalendarDateParam } from '../calendar/calendar.controller';
import { DigestScheduler } from './digest.scheduler';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('digests')
export class DigestController {
  constructor(private readonly scheduler: DigestScheduler) {}

  /** Runs a day's digest now (once per day, like the schedule). */
  @Roles('admin')
  @Post(':date')
  @HttpCode(202)
  async run(@Param() { date }: CalendarDateParam) {
    return { date, started: await this.scheduler.run(date) };
  }
}
