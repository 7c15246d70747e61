import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationController } from './organization.controller';
import { Unit } from './unit.entity';
import { UnitsService } from './units.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, User])],
  controllers: [OrganizationController],
  providers: [UnitsService, UsersService],
  exports: [UnitsService, UsersService],
})
export class OrganizationModule {}
