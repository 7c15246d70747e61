import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import {
  CloseRoundDto,
  ConcludeDto,
  CreateInspectionDto,
  RecordInspectionDto,
  SelfReportDto,
} from './dto/inspection.dto';
import {
  FindingRowDto,
  InspectionPeriodSummaryDto,
  InspectionRoundDto,
  InspectionRoundReportDto,
  InspectionRoundStateDto,
  InspectionRoundSummaryDto,
} from './dto/inspection-result.dto';
import { InspectionQueryService } from './inspection-query.service';
import { InspectionService } from './inspection.service';
import { IsCalendarDate, IsQueryBoolean } from '../common/validation.decorators';

export class PeriodQueryDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  to: string;
}

export class FindingFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['low', 'medium', 'high'], enumName: 'FindingSeverity' })
  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  severity?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only findings whose remediation is open.' })
  @IsOptional()
  @IsQueryBoolean()
  open?: boolean;
}

const RoundId = () => Param('id', ParseUUIDPipe);

/** Self-inspection rounds (tự kiểm tra) and delegations; remediation runs as tasks. */
@ApiTags('Kiểm tra')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionController {
  constructor(
    private readonly inspections: InspectionService,
    private readonly queries: InspectionQueryService,
  ) {}

  @Roles('leader', 'unit_manager')
  @Post()
  @ApiCreatedResponse({ type: InspectionRoundDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInspectionDto) {
    return this.inspections.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: [InspectionRoundSummaryDto] })
  list(@CurrentActor() actor: Actor) {
    return this.queries.list(actor);
  }

  /** Findings across rounds; their remediation history is the task's (`/tasks/:taskId/history`). */
  @Get('findings')
  @ApiOkResponse({ type: [FindingRowDto] })
  findings(@CurrentActor() actor: Actor, @Query() f: FindingFilterDto) {
    return this.queries.findings(actor, f);
  }

  /** Rounds concluded in a period: targets inspected, findings, remediation on time and late. */
  @Get('summary')
  @ApiOkResponse({ type: InspectionPeriodSummaryDto })
  periodSummary(@CurrentActor() actor: Actor, @Query() q: PeriodQueryDto) {
    return this.queries.periodSummary(actor, q.from, q.to);
  }

  @Get(':id')
  @ApiOkResponse({ type: InspectionRoundDto })
  get(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.queries.get(actor, id);
  }

  @Get(':id/summary')
  @ApiOkResponse({ type: InspectionRoundReportDto })
  summary(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.queries.summary(actor, id);
  }

  @Post(':id/notify')
  @HttpCode(200)
  @ApiOkResponse({ type: InspectionRoundStateDto })
  notify(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.inspections.notify(actor, id);
  }

  @Post(':id/self-reports')
  @HttpCode(200)
  @ApiOkResponse({ type: InspectionRoundStateDto })
  selfReport(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: SelfReportDto) {
    return this.inspections.selfReport(actor, id, dto);
  }

  @Post(':id/inspections')
  @HttpCode(200)
  @ApiOkResponse({ type: InspectionRoundStateDto })
  inspect(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: RecordInspectionDto) {
    return this.inspections.recordInspection(actor, id, dto);
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @ApiOkResponse({ type: InspectionRoundStateDto })
  conclude(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: ConcludeDto) {
    return this.inspections.conclude(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: InspectionRoundStateDto })
  close(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: CloseRoundDto) {
    return this.inspections.close(actor, id, dto);
  }
}
