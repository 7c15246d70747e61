import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { OccurrenceListDto, RecurrenceChangeDto, RecurrenceDto } from './dto/recurrence-result.dto';
import {
  CreateRecurrenceDto,
  OccurrenceQueryDto,
  PauseRecurrenceDto,
  UpdateRecurrenceDto,
} from './dto/recurrence.dto';
import { RecurrenceQueryService } from './recurrence-query.service';
import { RecurrenceService } from './recurrence.service';

const RecurrenceId = () => Param('id', ParseUUIDPipe);

/** Recurring tasks (nhiệm vụ định kỳ, docs/domain.md §8). */
@ApiTags('Nhiệm vụ định kỳ')
@ApiBearerAuth()
@Controller('recurrences')
export class RecurrenceController {
  constructor(
    private readonly recurrences: RecurrenceService,
    private readonly queries: RecurrenceQueryService,
  ) {}

  /** Creates the recurrence and its schedule; the occurrences already due start at once. */
  @Roles('leader', 'unit_manager')
  @Post()
  @ApiCreatedResponse({ type: RecurrenceChangeDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRecurrenceDto) {
    return this.recurrences.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: [RecurrenceDto] })
  list(@CurrentActor() actor: Actor) {
    return this.queries.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: RecurrenceDto })
  get(@CurrentActor() actor: Actor, @RecurrenceId() id: string) {
    return this.queries.get(actor, id);
  }

  /** Changes apply to the occurrences not created yet. */
  @Roles('leader', 'unit_manager')
  @Patch(':id')
  @ApiOkResponse({ type: RecurrenceChangeDto })
  update(
    @CurrentActor() actor: Actor,
    @RecurrenceId() id: string,
    @Body() dto: UpdateRecurrenceDto,
  ) {
    return this.recurrences.update(actor, id, dto);
  }

  @Roles('leader', 'unit_manager')
  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: RecurrenceChangeDto })
  pause(@CurrentActor() actor: Actor, @RecurrenceId() id: string, @Body() dto: PauseRecurrenceDto) {
    return this.recurrences.pause(actor, id, dto.reason);
  }

  /** Resumes from today: periods that fell due while paused are not created. */
  @Roles('leader', 'unit_manager')
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: RecurrenceChangeDto })
  resume(@CurrentActor() actor: Actor, @RecurrenceId() id: string) {
    return this.recurrences.resume(actor, id);
  }

  /** Ends it: no further occurrences; those created go on as ordinary tasks. */
  @Roles('leader', 'unit_manager')
  @Post(':id/end')
  @HttpCode(200)
  @ApiOkResponse({ type: RecurrenceChangeDto })
  end(@CurrentActor() actor: Actor, @RecurrenceId() id: string) {
    return this.recurrences.end(actor, id);
  }

  /** Its occurrences with their timeliness, and each unit's record over the latest periods. */
  @Get(':id/occurrences')
  @ApiOkResponse({ type: OccurrenceListDto })
  occurrences(
    @CurrentActor() actor: Actor,
    @RecurrenceId() id: string,
    @Query() query: OccurrenceQueryDto,
  ) {
    return this.queries.occurrences(actor, id, query.periods);
  }
}
