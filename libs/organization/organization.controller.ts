import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, scopePath } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateUnitDto } from './dto/create-unit.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UpdateUnitDto } from './dto/update-unit.dto';
import { UnitsService } from './units.service';
import { UsersService } from './users.service';

@ApiTags('organization')
@ApiBearerAuth()
@Controller()
export class OrganizationController {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
  ) {}

  /** The unit tree is public knowledge inside the administration: every user may read it. */
  @Get('units')
  listUnits() {
    return this.units.list();
  }

  @Get('units/:id')
  getUnit(@Param('id', ParseUUIDPipe) id: string) {
    return this.units.get(id);
  }

  @Roles('admin')
  @Post('units')
  createUnit(@Body() dto: CreateUnitDto) {
    return this.units.create(dto);
  }

  @Roles('admin')
  @Patch('units/:id')
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(id, dto);
  }

  /** Users of the caller's scope (its whole province for province-wide roles). */
  @Get('users')
  listUsers(@CurrentActor() actor: Actor) {
    return this.users.list(scopePath(actor));
  }

  @Roles('admin')
  @Post('users')
  createUser(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  /** `active: false` (or a new password) revokes the user's tokens at once. */
  @Roles('admin')
  @Patch('users/:id')
  updateUser(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(actor.id, id, dto);
  }
}
