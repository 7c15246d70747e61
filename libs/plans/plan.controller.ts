import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreatePlanDto, IssuePlanDto, PlanItemDto, RegisterDocumentDto } from './dto/plan.dto';
import {
  ClosedPlanDto,
  DocumentDto,
  DocumentMatchDto,
  PlanDto,
  PlanItemResultDto,
  PlanSummaryDto,
  PlanTreeNodeDto,
} from './dto/plan-result.dto';
import { PlanService } from './plan.service';

export class SymbolQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '102/KH-SKHDT' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  symbol: string;
}

export class ClosePlanDto {
  @ApiProperty({
    enum: ['carry_over', 'cancel'],
    enumName: 'ClosePlanMode',
    description: '`carry_over` leaves open tasks running, `cancel` cancels them.',
  })
  @IsIn(['carry_over', 'cancel'])
  mode: 'carry_over' | 'cancel';
}

const PlanId = () => Param('id', ParseUUIDPipe);

@ApiTags('Kế hoạch')
@ApiBearerAuth()
@Controller()
export class PlanController {
  constructor(private readonly plans: PlanService) {}

  @Roles('leader', 'unit_manager', 'monitor')
  @Post('documents')
  @ApiCreatedResponse({ type: DocumentDto })
  registerDocument(@CurrentActor() actor: Actor, @Body() dto: RegisterDocumentDto) {
    return this.plans.registerDocument(actor, dto);
  }

  /** Look-up by số/ký hiệu, with or without diacritics. */
  @Get('documents')
  @ApiOkResponse({ type: [DocumentMatchDto] })
  findDocuments(@CurrentActor() actor: Actor, @Query() q: SymbolQueryDto) {
    return this.plans.findDocuments(actor, q.symbol);
  }

  @Roles('leader', 'unit_manager')
  @Post('plans')
  @ApiCreatedResponse({ type: PlanDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto) {
    return this.plans.create(actor, dto);
  }

  @Get('plans')
  @ApiOkResponse({ type: [PlanSummaryDto] })
  list(@CurrentActor() actor: Actor) {
    return this.plans.list(actor);
  }

  @Get('plans/:id')
  @ApiOkResponse({ type: PlanDto })
  get(@CurrentActor() actor: Actor, @PlanId() id: string) {
    return this.plans.get(actor, id);
  }

  @Get('plans/:id/tree')
  @ApiOkResponse({ type: PlanTreeNodeDto })
  tree(@CurrentActor() actor: Actor, @PlanId() id: string) {
    return this.plans.tree(actor, id);
  }

  @Roles('leader', 'unit_manager')
  @Post('plans/:id/items')
  @ApiCreatedResponse({ type: PlanItemResultDto })
  addItem(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: PlanItemDto) {
    return this.plans.addItem(actor, id, dto);
  }

  /** Closes an issued plan: `carry_over` leaves open tasks running, `cancel` cancels them. */
  @Roles('leader', 'unit_manager')
  @Post('plans/:id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: ClosedPlanDto })
  close(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: ClosePlanDto) {
    return this.plans.close(actor, id, dto.mode);
  }

  @Roles('leader', 'unit_manager')
  @Post('plans/:id/issue')
  @ApiCreatedResponse({ type: PlanDto })
  issue(@CurrentActor() actor: Actor, @PlanId() id: string, @Body() dto: IssuePlanDto) {
    return this.plans.issue(actor, id, dto);
  }
}
