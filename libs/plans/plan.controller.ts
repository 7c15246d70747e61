import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ClosePlanDto, CreatePlanDto, IssuePlanDto, PlanItemDto } from './dto/plan.dto';
import {
  ClosedPlanDto,
  PlanDto,
  PlanItemResultDto,
  PlanSummaryDto,
  PlanTreeNodeDto,
} from './dto/plan-result.dto';
import { PlanQueryService } from './plan-query.service';
import { PlanService } from './plan.service';

const PlanId = () => Param('id', ParseUUIDPipe);

@ApiTags('Kế hoạch')
@ApiBearerAuth()
@Controller('plans')
export class PlanController {
  constructor(
    private readonly plans: PlanService,
    private readonly queries: PlanQueryService,
  ) {}

  @Roles('leader', 'unit_manager')
  @Post()
  @ApiCreatedResponse({ type: PlanDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto) {
    return this.plans.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: [PlanSummaryDto] })
  list(@CurrentActor() actor: Actor) {
    return this.queries.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanDto })
  get(@CurrentActor() actor: Actor, @PlanId() id: string) {
    return this.queries.get(actor, id);
  }

  @Get(':id/tree')
  @ApiOkResponse({ type: PlanTreeNodeDto })
  tree(@CurrentActor() actor: Actor, @PlanId() id: string) {
    return this.queries.tree(actor, id);
  }

  @Roles('leader', 'unit_manager')
  @Post(':id/items')
  @ApiCreatedResponse({ type: PlanItemResultDto })
  addItem(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: PlanItemDto) {
    return this.plans.addItem(actor, id, dto);
  }

  /** Closes an issued plan: `carry_over` leaves open tasks running, `cancel` cancels them. */
  @Roles('leader', 'unit_manager')
  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: ClosedPlanDto })
  close(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: ClosePlanDto) {
    return this.plans.close(actor, id, dto.mode);
  }

  @Roles('leader', 'unit_manager')
  @Post(':id/issue')
  @ApiCreatedResponse({ type: PlanDto })
  issue(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: IssuePlanDto) {
    return this.plans.issue(actor, id, dto);
  }
}
