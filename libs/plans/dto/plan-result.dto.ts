import { ApiProperty, OmitType } from '@nestjs/swagger';
import { ApiDate, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import { ApiTaskStatus, ApiTimeliness } from '../../tasks/dto/task.dto';
import type { TaskStatus } from '../../domain/task-state';
import type { TimelinessClass } from '../../domain/timeliness';
import { PlanItemDto } from './plan.dto';

/** Response shapes of the plans API (PlanService, PlanQueryService). */

export const PLAN_STATUSES = ['draft', 'issued', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
const ApiPlanStatus = () => ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus' });

export class PlanSummaryDto {
  @ApiUuid()
  id: string;

  @ApiText()
  symbol: string;

  @ApiText()
  title: string;

  @ApiInt()
  year: number;

  @ApiPlanStatus()
  status: PlanStatus;

  @ApiUuid({ nullable: true })
  parentPlanId: string | null;

  @ApiText()
  issuingUnitCode: string;
}

/** The plan workflow's counts of its tasks. */
export class PlanCountsDto {
  @ApiInt({ minimum: 0 })
  total: number;

  @ApiInt({ minimum: 0 })
  open: number;

  @ApiInt({ minimum: 0 })
  completed: number;

  @ApiInt({ minimum: 0 })
  cancelled: number;
}

export class PlanDto extends PlanSummaryDto {
  @ApiDate()
  issueDate: string;

  @ApiText({ nullable: true, description: 'Trích yếu.' })
  summary: string | null;

  @ApiText({ isArray: true, description: 'CchcArea keys.' })
  areas: string[];

  @ApiText()
  issuingUnitName: string;

  @ApiInt({ minimum: 0, description: 'Items added while a draft.' })
  items: number;

  @ApiProperty({
    type: PlanCountsDto,
    nullable: true,
    description: 'Null for a draft (or when the workflow cannot be queried).',
  })
  counts: PlanCountsDto | null;
}

export class PlanItemResultDto {
  @ApiUuid()
  id: string;

  @ApiProperty({ type: PlanItemDto, description: 'The item as it will be assigned at issue.' })
  spec: PlanItemDto;
}

export class PlanTreeCountsDto {
  @ApiInt({ minimum: 0, description: 'Tasks not cancelled.' })
  total: number;

  @ApiInt({ minimum: 0, description: 'Taken up: accepted, in progress, submitted or completed.' })
  implemented: number;

  @ApiInt({ minimum: 0 })
  cancelled: number;

  @ApiInt({ minimum: 0 })
  completed_early: number;

  @ApiInt({ minimum: 0 })
  completed_on_time: number;

  @ApiInt({ minimum: 0 })
  completed_late: number;

  @ApiInt({ minimum: 0 })
  overdue: number;

  @ApiInt({ minimum: 0 })
  in_progress: number;

  @ApiInt({ minimum: 0 })
  no_deadline: number;

  @ApiText({ example: '21/23 (91%)' })
  implementedLabel: string;
}

export class PlanTreeTaskDto {
  @ApiUuid()
  id: string;

  @ApiText()
  title: string;

  @ApiText()
  leadUnitCode: string;

  @ApiDate({ nullable: true })
  dueDate: string | null;

  @ApiDate({
    nullable: true,
    description: 'The deadline counted against (dueDate moved off a non-working day, Điều 148).',
  })
  effectiveDueDate: string | null;

  @ApiTaskStatus()
  status: TaskStatus;

  @ApiTimeliness({ description: 'As of today (a cancelled task keeps its class here).' })
  timeliness: TimelinessClass;
}

export class PlanObligationDto {
  @ApiUuid()
  planId: string;

  @ApiText()
  unitCode: string;

  @ApiDate()
  dueDate: string;

  @ApiUuid({ nullable: true, description: 'Null when the caller may not open the task.' })
  taskId: string | null;

  @ApiText({ nullable: true, description: 'Symbol of the implementing plan, once registered.' })
  fulfilledBy: string | null;
}

export class PlanTreeNodeDto {
  @ApiUuid()
  id: string;

  @ApiUuid({ nullable: true })
  parentPlanId: string | null;

  @ApiText()
  symbol: string;

  @ApiText()
  title: string;

  @ApiText({ description: 'The issuing unit.' })
  unitCode: string;

  @ApiPlanStatus()
  status: PlanStatus;

  @ApiProperty({ type: PlanTreeCountsDto, description: "This plan's own tasks." })
  counts: PlanTreeCountsDto;

  @ApiProperty({ type: PlanTreeCountsDto, description: 'Its tasks and those of every plan below.' })
  rollup: PlanTreeCountsDto;

  @ApiProperty({ type: [PlanTreeTaskDto], description: 'The tasks the caller may open.' })
  tasks: PlanTreeTaskDto[];

  @ApiInt({ minimum: 0, description: 'Tasks counted but not listed (outside the caller’s view).' })
  hiddenTasks: number;

  @ApiProperty({ type: [PlanObligationDto] })
  obligations: PlanObligationDto[];

  @ApiProperty({ type: () => [PlanTreeNodeDto], description: 'Implementing plans.' })
  children: PlanTreeNodeDto[];
}

export class ClosedPlanDto extends OmitType(PlanDto, ['counts'] as const) {
  @ApiProperty({ type: PlanCountsDto, description: 'The counts at closing.' })
  counts: PlanCountsDto;
}
