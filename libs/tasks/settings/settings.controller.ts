import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { ReminderSettingsDto, ReminderSettingsInputDto } from './reminder-settings.dto';
import { LiveSettingsService } from './live-settings.service';

@ApiTags('Cài đặt')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: LiveSettingsService) {}

  /** The reminder policy new and running tasks follow. */
  @Roles('admin')
  @Get('reminders')
  @ApiOkResponse({ type: ReminderSettingsDto })
  get(): Promise<ReminderSettingsDto> {
    return this.settings.get();
  }

  /** Saves the reminder policy; every open task re-plans its next reminder (decision 20). */
  @Roles('admin')
  @Put('reminders')
  @ApiOkResponse({ type: ReminderSettingsDto })
  save(
    @CurrentActor() actor: Actor,
    @Body() dto: ReminderSettingsInputDto,
  ): Promise<ReminderSettingsDto> {
    return this.settings.save(actor, dto);
  }
}
