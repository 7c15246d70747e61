import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { notFound } from '../common/domain.exception';
import { CalendarService } from './calendar.service';
import { IsCalendarDate, MAX_YEAR, MIN_YEAR } from '../common/validation.decorators';

export class CalendarOverrideDto {
  @IsIn(['holiday', 'workday'])
  kind: 'holiday' | 'workday';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class WorkingDaysQueryDto {
  @IsCalendarDate()
  from: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(730)
  days: number;
}

export class CalendarYearParam {
  @Transform(({ value }) =>
    typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;
}

export class CalendarDateParam {
  @IsCalendarDate()
  date: string;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** "N working days from X" (day X not counted), e.g. to preview a due date. */
  @Get('working-days')
  async addWorkingDays(@Query() q: WorkingDaysQueryDto) {
    const calendar = await this.calendar.calendar();
    return { from: q.from, days: q.days, date: calendar.addWorkingDays(q.from, q.days) };
  }

  /** Effective holidays of a year (computed + overlay) and the overlay rows themselves. */
  @Get(':year')
  year(@Param() { year }: CalendarYearParam) {
    return this.calendar.year(year);
  }

  @Roles('admin')
  @Put('overrides/:date')
  async setOverride(@Param() { date }: CalendarDateParam, @Body() dto: CalendarOverrideDto) {
    await this.calendar.setOverride({ date, kind: dto.kind, name: dto.name });
    return { date, kind: dto.kind, name: dto.name ?? null };
  }

  @Roles('admin')
  @Delete('overrides/:date')
  @HttpCode(204)
  async removeOverride(@Param() { date }: CalendarDateParam) {
    if (!(await this.calendar.removeOverride(date))) throw notFound('Calendar override', date);
  }
}
