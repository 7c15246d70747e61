import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword } from '../auth/auth.service';
import { badRequest, conflict } from '../common/domain.exception';
import { CreateUserDto } from './dto/create-user.dto';
import { Unit } from './unit.entity';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
  ) {}

  list(unitPathPrefix?: string): Promise<User[]> {
    const query = this.users.createQueryBuilder('u').innerJoin('u.unit', 'unit');
    if (unitPathPrefix) query.where('unit.path LIKE :p', { p: `${unitPathPrefix}%` });
    return query.orderBy('u.username').getMany();
  }

  async create(dto: CreateUserDto): Promise<User> {
    if (!(await this.units.existsBy({ id: dto.unitId }))) {
      throw badRequest('UNIT_NOT_FOUND', `Unit ${dto.unitId} not found`, [
        { field: 'unitId', rule: 'exists', message: 'unitId must name an existing unit' },
      ]);
    }
    if (await this.users.existsBy({ username: dto.username })) {
      throw conflict('USERNAME_TAKEN', `Username ${dto.username} is already used`);
    }
    const { password, ...rest } = dto;
    const saved = await this.users.save(
      this.users.create({
        ...rest,
        email: rest.email ?? null,
        passwordHash: await hashPassword(password),
      }),
    );
    const { passwordHash: _omit, ...user } = saved;
    return user as User;
  }
}
