import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, scopePath } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateUnitDto } from './dto/create-unit.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UpdateUnitDto } from './dto/update-unit.dto';
import { UnitDto } from './dto/unit.dto';
import { UserDto } from './dto/user.dto';
import { UnitsService } from './units.service';
import { UsersService } from './users.service';

@ApiTags('Tổ chức')
@ApiBearerAuth()
@Controller()
export class OrganizationController {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
  ) {}

  /** The unit tree is public knowledge inside the administration: every user may read it. */
  @Get('units')
  @ApiOkResponse({ type: [UnitDto], description: 'The whole tree, ordered by path.' })
  listUnits() {
    return this.units.list();
  }

  @Get('units/:id')
  @ApiOkResponse({ type: UnitDto })
  getUnit(@Param('id', ParseUUIDPipe) id: string) {
    return this.units.get(id);
  }

  @Roles('admin')
  @Post('units')
  @ApiCreatedResponse({ type: UnitDto })
  createUnit(@Body() dto: CreateUnitDto) {
    return this.units.create(dto);
  }

  @Roles('admin')
  @Patch('units/:id')
  @ApiOkResponse({ type: UnitDto })
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(id, dto);
  }

  /** Users of the caller's scope (its whole province for province-wide roles). */
  @Get('users')
  @ApiOkResponse({ type: [UserDto] })
  listUsers(@CurrentActor() actor: Actor) {
    return this.users.list(scopePath(actor));
  }

  @Roles('admin')
  @Post('users')
  @ApiCreatedResponse({ type: UserDto })
  createUser(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  /** `active: false` (or a new password) revokes the user's tokens at once. */
  @Roles('admin')
  @Patch('users/:id')
  @ApiOkResponse({ type: UserDto })
  updateUser(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(actor.id, id, dto);
  }
}
