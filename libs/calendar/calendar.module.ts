import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { DeadlineService } from './deadline.service';

/** Effective deadlines: what the worker's activities need of the calendar. */
@Module({
  providers: [DeadlineService],
  exports: [DeadlineService],
})
export class DeadlineModule {}

@Module({
  imports: [DeadlineModule],
  controllers: [CalendarController],
  providers: [CalendarService],
  exports: [CalendarService, DeadlineModule],
})
export class CalendarModule {}
