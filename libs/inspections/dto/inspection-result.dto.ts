import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import { ApiTaskStatus, ApiTimeliness } from '../../tasks/dto/task.dto';
import type { TaskStatus } from '../../domain/task-state';
import type { TimelinessClass } from '../../domain/timeliness';

/** Response shapes of the inspection API (InspectionService and the round workflow). */

export const ROUND_STATUSES = ['planned', 'notified', 'concluded', 'closed'] as const;
export type RoundStatusValue = (typeof ROUND_STATUSES)[number];
export const TARGET_STATUSES = ['planned', 'self_reported', 'inspected'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

const ApiRoundStatus = () =>
  ApiProperty({ enum: ROUND_STATUSES, enumName: 'InspectionRoundStatus' });
const ApiTargetStatus = () =>
  ApiProperty({ enum: TARGET_STATUSES, enumName: 'InspectionTargetStatus' });
export const ApiSeverity = (extra: { required?: boolean } = {}) =>
  ApiProperty({ enum: SEVERITIES, enumName: 'FindingSeverity', ...extra });

export class InspectionRoundSummaryDto {
  @ApiUuid()
  id: string;

  @ApiText()
  title: string;

  @ApiRoundStatus()
  status: RoundStatusValue;

  @ApiText({ nullable: true })
  planDocument: string | null;

  @ApiText({ description: 'The inspecting unit.' })
  unitCode: string;

  @ApiDate({ nullable: true })
  concludedOn: string | null;

  @ApiDateTime()
  createdAt: string;
}

export class InspectionTargetDto {
  @ApiUuid()
  unitId: string;

  @ApiText()
  unitCode: string;

  @ApiText()
  unitName: string;

  @ApiDate()
  plannedDate: string;

  @ApiTargetStatus()
  status: TargetStatus;

  @ApiText({ nullable: true })
  selfReport: string | null;

  @ApiDate({ nullable: true })
  inspectedOn: string | null;
}

export class FindingRowDto {
  @ApiUuid()
  id: string;

  @ApiUuid()
  roundId: string;

  @ApiUuid()
  unitId: string;

  @ApiText()
  unitCode: string;

  @ApiText()
  description: string;

  @ApiText({ nullable: true, description: 'A CchcArea key.' })
  area: string | null;

  @ApiSeverity()
  severity: Severity;

  @ApiText()
  requiredAction: string;

  @ApiUuid({ nullable: true, description: 'The remediation task, once the round is concluded.' })
  taskId: string | null;

  @ApiTaskStatus({ nullable: true })
  remediationStatus: TaskStatus | null;

  @ApiDate({ nullable: true })
  remediationDue: string | null;

  @ApiDate({ nullable: true })
  remediatedOn: string | null;

  @ApiTimeliness({ nullable: true })
  timeliness: TimelinessClass | null;
}

export class RoundFindingStateDto {
  @ApiUuid()
  id: string;

  @ApiUuid()
  unitId: string;

  @ApiUuid({ nullable: true })
  taskId: string | null;

  @ApiProperty()
  closed: boolean;
}

/** The round workflow's state (its query and every update's answer). */
export class InspectionRoundStateDto {
  @ApiUuid()
  roundId: string;

  @ApiRoundStatus()
  status: RoundStatusValue;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...TARGET_STATUSES] },
    description: 'Target unit id → its status.',
  })
  targets: Record<string, TargetStatus>;

  @ApiProperty({ type: [RoundFindingStateDto] })
  findings: RoundFindingStateDto[];

  @ApiUuid({ nullable: true })
  carriedToRoundId: string | null;
}

export class InspectionRoundDto {
  @ApiUuid()
  id: string;

  @ApiText()
  title: string;

  @ApiRoundStatus()
  status: RoundStatusValue;

  @ApiText({ nullable: true })
  planDocument: string | null;

  @ApiText({ nullable: true })
  noticeDocument: string | null;

  @ApiUuid()
  leaderId: string;

  @ApiUuid({ isArray: true })
  memberIds: string[];

  @ApiText({ isArray: true, description: 'CchcArea keys.' })
  areas: string[];

  @ApiInt()
  remediationDays: number;

  @ApiDate({ nullable: true })
  concludedOn: string | null;

  @ApiUuid({ nullable: true })
  carriedFromId: string | null;

  @ApiText()
  workflowId: string;

  @ApiProperty({ type: [InspectionTargetDto] })
  targets: InspectionTargetDto[];

  @ApiProperty({ type: [FindingRowDto] })
  findings: FindingRowDto[];

  @ApiProperty({
    type: InspectionRoundStateDto,
    nullable: true,
    description: 'Null when the workflow cannot be queried.',
  })
  workflow: InspectionRoundStateDto | null;
}

export class KeyCountDto {
  @ApiText({ description: "'' for findings without one." })
  key: string;

  @ApiInt({ minimum: 0 })
  n: number;
}

export class RoundTargetsCountDto {
  @ApiInt({ minimum: 0 })
  total: number;

  @ApiInt({ minimum: 0 })
  inspected: number;

  @ApiText({ example: '04/07' })
  label: string;
}

export class RemediationCountsDto {
  @ApiInt({ minimum: 0 })
  findings: number;

  @ApiInt({ minimum: 0 })
  onTime: number;

  @ApiInt({ minimum: 0 })
  late: number;

  @ApiInt({ minimum: 0 })
  openOverdue: number;

  @ApiInt({ minimum: 0 })
  openInTime: number;
}

export class InspectionRoundReportDto {
  @ApiProperty({ type: RoundTargetsCountDto })
  targets: RoundTargetsCountDto;

  @ApiProperty({ type: RemediationCountsDto })
  remediation: RemediationCountsDto;

  @ApiProperty({ type: [KeyCountDto] })
  byArea: KeyCountDto[];

  @ApiProperty({ type: [KeyCountDto] })
  bySeverity: KeyCountDto[];
}

export class InspectionPeriodSummaryDto {
  @ApiDate()
  from: string;

  @ApiDate()
  to: string;

  @ApiInt({ minimum: 0 })
  rounds: number;

  @ApiInt({ minimum: 0 })
  targets: number;

  @ApiInt({ minimum: 0 })
  inspected: number;

  @ApiInt({ minimum: 0 })
  findings: number;

  @ApiInt({ minimum: 0 })
  onTime: number;

  @ApiInt({ minimum: 0 })
  late: number;

  @ApiInt({ minimum: 0 })
  openOverdue: number;
}
