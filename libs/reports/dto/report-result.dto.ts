import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import { ApiTaskStatus, UnitBriefDto } from '../../tasks/dto/task.dto';
import type { TaskStatus } from '../../domain/task-state';
import { GROUP_BYS, GroupBy, REPORT_CLASSES, ReportClass } from '../completion-report';
import { PERIOD_TYPES, PeriodType } from '../../domain/reporting-period';
import { DEADLINE_RULES, DeadlineRule } from '../../domain/deadline';
import { ORGANISATION_MODES, OrganisationMode } from '../report-organisation';

/** Response shapes of the reports API (libs/reports/completion-report.ts). */

export const ApiPeriodType = () => ApiProperty({ enum: PERIOD_TYPES, enumName: 'PeriodType' });

export class PeriodWindowDto {
  @ApiPeriodType()
  type: PeriodType;

  @ApiInt()
  year: number;

  @ApiInt({ minimum: 1, maximum: 12, description: 'Month or quarter; 1 for the others.' })
  number: number;

  @ApiDate({ description: 'Thời gian chốt số liệu: first day.' })
  from: string;

  @ApiDate({ description: 'Thời gian chốt số liệu: last day.' })
  to: string;

  @ApiText({ example: 'Quý III năm 2022' })
  label: string;

  @ApiDate()
  reportDueDate: string;
}

export class FormIndicatorsDto {
  @ApiInt({ minimum: 0, description: '5.1 total' })
  '5.1': number;

  @ApiInt({ minimum: 0, description: '5.2 completed on time or early' })
  '5.2': number;

  @ApiInt({ minimum: 0, description: '5.3 completed late' })
  '5.3': number;

  @ApiInt({ minimum: 0, description: '5.4 overdue, not completed' })
  '5.4': number;
}

export class CompletionCountsDto {
  @ApiInt({ minimum: 0 })
  total: number;

  @ApiInt({ minimum: 0 })
  completedEarly: number;

  @ApiInt({ minimum: 0 })
  completedOnTime: number;

  @ApiInt({ minimum: 0 })
  completedLate: number;

  @ApiInt({ minimum: 0 })
  overdueIncomplete: number;

  @ApiInt({ minimum: 0 })
  inProgressNotDue: number;

  @ApiInt({ minimum: 0 })
  noDeadline: number;

  @ApiInt({ minimum: 0 })
  cancelled: number;

  @ApiInt({ minimum: 0, description: "Due on or before the report's end." })
  alreadyDue: number;

  @ApiProperty({ type: Number, nullable: true, description: '(early + on time) / total, 0–1.' })
  onTimeShare: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'completed / (completed + overdue).' })
  dueCompletionRate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '(late + overdue) / already due.' })
  lateShare: number | null;

  @ApiProperty({ type: FormIndicatorsDto, description: 'Biểu mẫu 1, indicators 5.1–5.4.' })
  indicators: FormIndicatorsDto;
}

export class ReportGroupDto extends CompletionCountsDto {
  @ApiText({ description: "A unit id, source key, area key or plan id ('' for none)." })
  key: string;

  @ApiText()
  label: string;
}

export class CompletionBlockDto {
  @ApiProperty({ type: CompletionCountsDto })
  totals: CompletionCountsDto;

  @ApiProperty({ type: [ReportGroupDto], description: 'Empty without groupBy.' })
  groups: ReportGroupDto[];
}

export class ReportFiltersDto {
  @ApiText({ required: false })
  source?: string;

  @ApiText({ required: false })
  area?: string;

  @ApiUuid({ required: false })
  plan?: string;
}

export class DeadlineRuleDto {
  @ApiProperty({ enum: DEADLINE_RULES, enumName: 'DeadlineRule' })
  rule: DeadlineRule;

  @ApiText()
  text: string;
}

export class ReportOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_MODES, enumName: 'ReportOrganisation' })
  mode: OrganisationMode;

  /** "Theo tổ chức bộ máy tại ngày 15/12/2024 (đầu kỳ báo cáo)". */
  @ApiText()
  text: string;
}

export class CompletionReportDto {
  @ApiProperty({ type: UnitBriefDto })
  scope: UnitBriefDto;

  @ApiDate()
  from: string;

  @ApiDate()
  to: string;

  @ApiProperty({ type: ReportFiltersDto })
  filters: ReportFiltersDto;

  @ApiProperty({ enum: GROUP_BYS, enumName: 'ReportGroupBy', nullable: true })
  groupBy: GroupBy | null;

  @ApiProperty({ type: CompletionBlockDto, description: 'Tasks assigned within [from, to].' })
  window: CompletionBlockDto;

  @ApiProperty({ type: CompletionBlockDto, description: 'Tasks still open at `from`.' })
  carriedOver: CompletionBlockDto;

  @ApiProperty({
    type: DeadlineRuleDto,
    required: false,
    description: 'How a due date on a non-working day was counted (absent from older snapshots).',
  })
  deadlineRule?: DeadlineRuleDto;

  @ApiProperty({
    type: ReportOrganisationDto,
    required: false,
    description:
      'Which organisation the units were counted by (absent from older snapshots: today’s then).',
  })
  organisation?: ReportOrganisationDto;

  @ApiDateTime()
  generatedAt: string;
}

export class DrillDownTaskDto {
  @ApiUuid()
  id: string;

  @ApiText({ nullable: true })
  code: string | null;

  @ApiText()
  title: string;

  @ApiText()
  leadUnitCode: string;

  @ApiText()
  leadUnitName: string;

  @ApiText()
  source: string;

  @ApiText({ nullable: true })
  area: string | null;

  @ApiDate()
  assignedOn: string;

  @ApiDate({ nullable: true })
  dueDate: string | null;

  @ApiDate({
    nullable: true,
    description: 'The deadline counted against (dueDate moved off a non-working day, Điều 148).',
  })
  effectiveDueDate: string | null;

  @ApiDate({ nullable: true })
  completedOn: string | null;

  @ApiTaskStatus()
  status: TaskStatus;

  @ApiText({ nullable: true, description: 'Giải trình.' })
  explanation: string | null;
}

export class DrillDownDto {
  @ApiProperty({ enum: REPORT_CLASSES, enumName: 'ReportClass' })
  class: ReportClass;

  @ApiText({ nullable: true })
  group: string | null;

  @ApiProperty({ enum: ['window', 'carriedOver'], enumName: 'ReportBlock' })
  block: 'window' | 'carriedOver';

  @ApiProperty({ type: [DrillDownTaskDto] })
  items: DrillDownTaskDto[];
}

export class SnapshotBriefDto {
  @ApiUuid()
  id: string;

  @ApiText()
  unitCode: string;

  @ApiPeriodType()
  periodType: PeriodType;

  @ApiInt()
  year: number;

  @ApiInt()
  number: number;

  @ApiInt({ minimum: 1 })
  version: number;

  @ApiText({ example: 'Sở Kế hoạch và Đầu tư: 183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn' })
  headline: string;
}

export class SnapshotListItemDto extends SnapshotBriefDto {
  @ApiText()
  unitName: string;

  @ApiDate()
  from: string;

  @ApiDate()
  to: string;

  @ApiDateTime()
  createdAt: string;
}

export class SnapshotDto extends SnapshotBriefDto {
  @ApiProperty({ type: CompletionReportDto, description: 'The published figures, frozen.' })
  report: CompletionReportDto;
}
