import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
import { InspectionService } from './inspection.service';
import { IsCalendarDate, IsQueryBoolean } from '../common/validation.decorators';

export class PeriodQueryDto {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;
}

export class FindingFilterDto {
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  severity?: string;

  @IsOptional()
  @IsQueryBoolean()
  open?: boolean;
}

const RoundId = () => Param('id', ParseUUIDPipe);

/** Self-inspection rounds (tự kiểm tra) and delegations; remediation runs as tasks. */
@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionController {
  constructor(private readonly inspections: InspectionService) {}

  @Roles('leader', 'unit_manager')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInspectionDto) {
    return this.inspections.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.inspections.list(actor);
  }

  /** Findings across rounds; their remediation history is the task's (`/tasks/:taskId/history`). */
  @Get('findings')
  findings(@CurrentActor() actor: Actor, @Query() f: FindingFilterDto) {
    return this.inspections.findings(actor, f);
  }

  /** Rounds concluded in a period: targets inspected, findings, remediation on time and late. */
  @Get('summary')
  periodSummary(@CurrentActor() actor: Actor, @Query() q: PeriodQueryDto) {
    return this.inspections.periodSummary(actor, q.from, q.to);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.inspections.get(actor, id);
  }

  @Get(':id/summary')
  summary(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.inspections.summary(actor, id);
  }

  @Post(':id/notify')
  @HttpCode(200)
  notify(@CurrentActor() actor: Actor, @RoundId() id: string) {
    return this.inspections.notify(actor, id);
  }

  @Post(':id/self-reports')
  @HttpCode(200)
  selfReport(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: SelfReportDto) {
    return this.inspections.selfReport(actor, id, dto);
  }

  @Post(':id/inspections')
  @HttpCode(200)
  inspect(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: RecordInspectionDto) {
    return this.inspections.recordInspection(actor, id, dto);
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  conclude(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: ConcludeDto) {
    return this.inspections.conclude(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @RoundId() id: string, @Body() dto: CloseRoundDto) {
    return this.inspections.close(actor, id, dto);
  }
}
