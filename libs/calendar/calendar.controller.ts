import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { notFound } from '../common/domain.exception';
import { CalendarService } from './calendar.service';
import {
  CALENDAR_OVERRIDE_KINDS,
  CalendarOverrideResultDto,
  CalendarYearDto,
  WorkingDaysDto,
} from './dto/calendar.dto';
import { IsCalendarDate, MAX_YEAR, MIN_YEAR } from '../common/validation.decorators';

export class CalendarOverrideDto {
  @ApiProperty({ enum: CALENDAR_OVERRIDE_KINDS, enumName: 'CalendarOverrideKind' })
  @IsIn(['holiday', 'workday'])
  kind: 'holiday' | 'workday';

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class WorkingDaysQueryDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 730 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(730)
  days: number;
}

export class CalendarYearParam {
  @ApiProperty({ type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR })
  @Transform(({ value }) =>
    typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;
}

export class CalendarDateParam {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  date: string;
}

@ApiTags('Lịch làm việc')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** "N working days from X" (day X not counted), e.g. to preview a due date. */
  @Get('working-days')
  @ApiOkResponse({ type: WorkingDaysDto })
  async addWorkingDays(@Query() q: WorkingDaysQueryDto) {
    const calendar = await this.calendar.calendar();
    return { from: q.from, days: q.days, date: calendar.addWorkingDays(q.from, q.days) };
  }

  /** Effective holidays of a year (computed + overlay) and the overlay rows themselves. */
  @Get(':year')
  @ApiOkResponse({ type: CalendarYearDto })
  year(@Param() { year }: CalendarYearParam) {
    return this.calendar.year(year);
  }

  @Roles('admin')
  @Put('overrides/:date')
  @ApiOkResponse({ type: CalendarOverrideResultDto })
  async setOverride(@Param() { date }: CalendarDateParam, @Body() dto: CalendarOverrideDto) {
    await this.calendar.setOverride({ date, kind: dto.kind, name: dto.name });
    return { date, kind: dto.kind, name: dto.name ?? null };
  }

  @Roles('admin')
  @Delete('overrides/:date')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed.' })
  async removeOverride(@Param() { date }: CalendarDateParam) {
    if (!(await this.calendar.removeOverride(date))) throw notFound('Calendar override', date);
  }
}
