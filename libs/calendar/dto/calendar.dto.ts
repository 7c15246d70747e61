import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiInt, ApiText } from '../../common/api-schema';

export const CALENDAR_OVERRIDE_KINDS = ['holiday', 'workday'] as const;
export type CalendarOverrideKind = (typeof CALENDAR_OVERRIDE_KINDS)[number];

const ApiOverrideKind = () =>
  ApiProperty({ enum: CALENDAR_OVERRIDE_KINDS, enumName: 'CalendarOverrideKind' });

export class WorkingDaysDto {
  @ApiDate()
  from: string;

  @ApiInt({ minimum: 1 })
  days: number;

  @ApiDate({ description: 'The date N working days after `from` (which is not counted).' })
  date: string;
}

export class HolidayDto {
  @ApiDate()
  date: string;

  @ApiText({ example: 'Tết Nguyên đán' })
  name: string;
}

export class CalendarOverrideEntryDto {
  @ApiDate()
  date: string;

  @ApiOverrideKind()
  kind: CalendarOverrideKind;

  @ApiText({ required: false, description: 'Absent when the override has no name.' })
  name?: string;
}

export class CalendarYearDto {
  @ApiInt()
  year: number;

  @ApiProperty({
    type: [HolidayDto],
    description: 'Effective days off (computed holidays and Tết, with the overlay applied).',
  })
  holidays: HolidayDto[];

  @ApiProperty({ type: [CalendarOverrideEntryDto], description: "The admin's overlay rows." })
  overrides: CalendarOverrideEntryDto[];
}

export class CalendarOverrideResultDto {
  @ApiDate()
  date: string;

  @ApiOverrideKind()
  kind: CalendarOverrideKind;

  @ApiText({ nullable: true })
  name: string | null;
}
