import { ApiProperty } from '@nestjs/swagger';
import { ApiBool, ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import type { TaskStatus } from '../../domain/task-state';
import type { TimelinessClass } from '../../domain/timeliness';
import { ApiTaskStatus, ApiTimeliness, UnitBriefDto } from '../../tasks/dto/task.dto';
import { RecurrenceRuleDto } from './recurrence.dto';

/** Response shapes of the recurring-task API (docs/domain.md §8). */

export const RECURRENCE_STATUSES = ['active', 'paused', 'ended'] as const;

export class NextOccurrenceDto {
  @ApiText({ example: 'quarter:2026-1' })
  periodKey: string;

  @ApiText({ example: 'quý I/2026' })
  label: string;

  @ApiDate({ description: 'The written due date.' })
  dueDate: string;

  @ApiDate({ description: 'The day its tasks are created.' })
  createOn: string;
}

export class RecurrenceDto {
  @ApiUuid()
  id: string;

  @ApiText()
  title: string;

  @ApiText({ nullable: true })
  description: string | null;

  @ApiText()
  source: string;

  @ApiText({ nullable: true })
  sourceDocument: string | null;

  @ApiProperty({ type: RecurrenceRuleDto })
  rule: RecurrenceRuleDto;

  @ApiText({
    description: 'The rule in Vietnamese',
    example:
      'Hằng quý (kỳ báo cáo theo Nghị định 09/2019), hạn 4 ngày làm việc sau ngày chốt số liệu',
  })
  ruleText: string;

  @ApiInt({ minimum: 0 })
  leadDays: number;

  @ApiProperty({ type: [UnitBriefDto], description: 'The units named (empty when by kind).' })
  targetUnits: UnitBriefDto[];

  @ApiText({ nullable: true, example: 'department' })
  targetUnitKind: string | null;

  @ApiDate()
  startsOn: string;

  @ApiDate({ nullable: true })
  endsOn: string | null;

  @ApiProperty({ enum: RECURRENCE_STATUSES, enumName: 'RecurrenceStatus' })
  status: (typeof RECURRENCE_STATUSES)[number];

  @ApiProperty({ type: UnitBriefDto })
  assigningUnit: UnitBriefDto;

  @ApiText()
  createdByName: string;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;

  @ApiDateTime({ nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: NextOccurrenceDto, nullable: true, description: 'Null once ended.' })
  nextOccurrence: NextOccurrenceDto | null;

  @ApiInt({ minimum: 0, description: 'Occurrences created so far (one per period and unit).' })
  occurrenceCount: number;

  @ApiBool({ description: 'Whether the caller may edit, pause, resume or end it.' })
  canManage: boolean;
}

/** What a create, edit or resume answers: the recurrence, and the run it started. */
export class RecurrenceChangeDto extends RecurrenceDto {
  @ApiInt({
    minimum: 0,
    nullable: true,
    description: 'Occurrences started by this request; null when the run had not finished in time.',
  })
  startedNow: number | null;
}

export class OccurrenceDto {
  @ApiText()
  periodKey: string;

  @ApiText({ example: 'quý III/2025' })
  periodLabel: string;

  @ApiProperty({ type: UnitBriefDto })
  unit: UnitBriefDto;

  @ApiUuid()
  taskId: string;

  @ApiText({ nullable: true, description: 'Null while the task is being stored.' })
  title: string | null;

  @ApiDate({ description: 'The written due date.' })
  dueDate: string;

  @ApiDate({ nullable: true, description: 'The deadline under the rule of Điều 148.' })
  effectiveDueDate: string | null;

  @ApiTaskStatus({ nullable: true })
  status: TaskStatus | null;

  @ApiDate({ nullable: true })
  completedOn: string | null;

  @ApiTimeliness({ nullable: true, description: 'As of today; null while stored or cancelled.' })
  timeliness: TimelinessClass | null;
}

/** One unit's record over the latest periods due by today. */
export class UnitRecordDto {
  @ApiProperty({ type: UnitBriefDto })
  unit: UnitBriefDto;

  @ApiInt({ minimum: 0, description: 'Periods counted (due by today, at most `periods`).' })
  periods: number;

  @ApiInt({ minimum: 0, description: 'Completed early or on time.' })
  onTime: number;

  @ApiInt({ minimum: 0, description: 'Completed after the deadline.' })
  late: number;

  @ApiInt({ minimum: 0, description: 'Past the deadline and not completed.' })
  overdue: number;

  @ApiInt({ minimum: 0, description: 'Cancelled.' })
  cancelled: number;
}

export class OccurrenceListDto {
  @ApiProperty({ type: [OccurrenceDto], description: 'Newest period first.' })
  items: OccurrenceDto[];

  @ApiProperty({ type: [UnitRecordDto] })
  units: UnitRecordDto[];

  @ApiInt({ minimum: 1 })
  periods: number;

  @ApiDate()
  asOf: string;
}
