import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ReorganisationDto, UnitNameDto } from './dto/reorganisation-result.dto';
import { CreateReorganisationDto } from './dto/reorganisation.dto';
import { ReorganisationService } from './reorganisation.service';

const Id = () => Param('id', ParseUUIDPipe);

/** Reorganisation of units (sắp xếp tổ chức, docs/domain.md §9). Like the unit tree, readable by every user. */
@ApiTags('Sắp xếp tổ chức')
@ApiBearerAuth()
@Controller()
export class ReorganisationController {
  constructor(private readonly reorganisations: ReorganisationService) {}

  /** Records it (status scheduled); its workflow carries it out from 00:00 of effectiveOn. */
  @Roles('admin', 'leader')
  @Post('reorganisations')
  @ApiCreatedResponse({ type: ReorganisationDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReorganisationDto) {
    return this.reorganisations.create(actor, dto);
  }

  @Get('reorganisations')
  @ApiOkResponse({ type: [ReorganisationDto], description: 'Latest effective date first.' })
  list() {
    return this.reorganisations.list();
  }

  @Get('reorganisations/:id')
  @ApiOkResponse({ type: ReorganisationDto })
  get(@Id() id: string) {
    return this.reorganisations.get(id);
  }

  /** Only while scheduled (409 REORGANISATION_NOT_SCHEDULED afterwards). */
  @Roles('admin', 'leader')
  @Post('reorganisations/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ReorganisationDto })
  cancel(@CurrentActor() actor: Actor, @Id() id: string) {
    return this.reorganisations.cancel(actor, id);
  }

  /** A unit's names and codes over time, the current one last. */
  @Get('units/:id/names')
  @ApiOkResponse({ type: [UnitNameDto] })
  names(@Id() id: string) {
    return this.reorganisations.names(id);
  }
}
