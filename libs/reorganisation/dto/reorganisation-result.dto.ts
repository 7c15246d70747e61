import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';
import { REORGANISATION_KINDS, REORGANISATION_STATUSES } from '../reorganisation-row';
import type { ReorganisationKind, ReorganisationStatus } from '../reorganisation-row';

export class NewUnitResultDto {
  @ApiUuid({ description: 'The id the unit gets on the effective date.' })
  id: string;

  @ApiText()
  code: string;

  @ApiText()
  name: string;

  @ApiText()
  kind: string;

  @ApiUuid()
  parentId: string;
}

export class TaskAssignmentResultDto {
  @ApiUuid()
  taskId: string;

  @ApiUuid()
  unitId: string;
}

export class ReorganisationDto {
  @ApiUuid()
  id: string;

  @ApiProperty({ enum: REORGANISATION_KINDS, enumName: 'ReorganisationKind' })
  kind: ReorganisationKind;

  @ApiProperty({ enum: REORGANISATION_STATUSES, enumName: 'ReorganisationStatus' })
  status: ReorganisationStatus;

  @ApiDate()
  effectiveOn: string;

  @ApiUuid({
    isArray: true,
    description: 'The units renamed, merged, absorbed, split or dissolved.',
  })
  sourceUnitIds: string[];

  @ApiUuid({ isArray: true, description: 'The units taking over (a merger: its new unit).' })
  successorUnitIds: string[];

  @ApiUuid({
    nullable: true,
    description: 'Takes the open tasks not assigned otherwise, the users and the sub-units.',
  })
  defaultSuccessorUnitId: string | null;

  @ApiProperty({ type: [TaskAssignmentResultDto] })
  taskAssignments: TaskAssignmentResultDto[];

  @ApiProperty({ type: NewUnitResultDto, nullable: true })
  newUnit: NewUnitResultDto | null;

  @ApiText({ nullable: true })
  newName: string | null;

  @ApiText({ nullable: true })
  newCode: string | null;

  @ApiText({ nullable: true })
  decision: string | null;

  @ApiUuid()
  createdBy: string;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime({ nullable: true })
  startedAt: string | null;

  @ApiDateTime({ nullable: true })
  finishedAt: string | null;

  @ApiDateTime({ nullable: true })
  cancelledAt: string | null;

  @ApiInt({ minimum: 0, description: 'Open tasks moved to a successor (each in its history).' })
  tasksMoved: number;

  @ApiInt({ minimum: 0, description: 'Recorded tasks found closed or moved elsewhere meanwhile.' })
  tasksSkipped: number;

  @ApiInt({ minimum: 0 })
  usersMoved: number;

  @ApiInt({ minimum: 0, description: 'Sub-units moved under the successor.' })
  unitsMoved: number;

  @ApiInt({
    minimum: 0,
    description: 'Plans still draft or issued whose issuing unit became the successor.',
  })
  plansMoved: number;

  @ApiInt({
    minimum: 0,
    description:
      'Pending obligations to issue an implementing plan taken over by the successor (fulfilled by its plan).',
  })
  obligationsMoved: number;

  @ApiInt({
    minimum: 0,
    description: 'Recurrences not ended whose assigning unit or target list named an old unit.',
  })
  recurrencesMoved: number;

  @ApiInt({
    minimum: 0,
    description:
      'Inspection rounds not closed that followed the move (inspecting unit, targets, pending findings).',
  })
  inspectionRoundsMoved: number;

  @ApiInt({
    minimum: 0,
    description: 'Pending findings of the old units moved to the successor in those rounds.',
  })
  findingsMoved: number;

  @ApiText({ nullable: true, description: 'Why it could not be carried out (status failed).' })
  failure: string | null;
}

export class UnitNameDto {
  @ApiText()
  name: string;

  @ApiText()
  code: string;

  @ApiDate({ nullable: true, description: 'Null: since the unit began.' })
  validFrom: string | null;

  @ApiDate({ nullable: true, description: 'Null: the current name.' })
  validTo: string | null;
}
