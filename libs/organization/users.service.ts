import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword } from '../auth/auth.service';
import {
  badRequest,
  conflict,
  fieldError,
  notFound,
  validationFailed,
} from '../common/domain.exception';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
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
    await this.checkUnit(dto.unitId);
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
    // The insert returns the defaulted token version too: neither it nor the hash is the user's.
    const { passwordHash: _omit, tokenVersion: _version, ...user } = saved;
    return user as User;
  }

  /**
   * An admin's change to a user. Deactivating it or setting its password bumps its token version,
   * so every token it holds stops working at the next request.
   */
  async update(actorId: string, id: string, dto: UpdateUserDto): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('User', id);
    if (dto.active === false && id === actorId) {
      throw conflict(
        'CANNOT_DEACTIVATE_SELF',
        'Quản trị viên không thể tự khóa tài khoản của mình.',
        [
          {
            field: 'active',
            rule: 'notSelf',
            message: 'Không thể tự khóa tài khoản đang đăng nhập.',
          },
        ],
      );
    }
    if (dto.unitId !== undefined) await this.checkUnit(dto.unitId);
    const changes: Partial<User> = {};
    if (dto.fullName !== undefined) changes.fullName = dto.fullName;
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.unitId !== undefined) changes.unitId = dto.unitId;
    if (dto.roles !== undefined) changes.roles = dto.roles;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
    const revoke = (dto.active === false && user.active) || dto.password !== undefined;
    if (Object.keys(changes).length > 0 || revoke) {
      await this.users
        .createQueryBuilder()
        .update(User)
        .set({
          ...changes,
          ...(revoke ? { tokenVersion: () => 'token_version + 1' } : {}),
        })
        .where('id = :id', { id })
        .execute();
    }
    return (await this.users.findOneBy({ id }))!;
  }

  /** A user works in an existing unit, not in one merged away or dissolved (docs/domain.md §9). */
  private async checkUnit(unitId: string): Promise<void> {
    const unit = await this.units.findOneBy({ id: unitId });
    if (!unit) {
      throw badRequest('UNIT_NOT_FOUND', `Unit ${unitId} not found`, [
        { field: 'unitId', rule: 'exists', message: 'unitId must name an existing unit' },
      ]);
    }
    if (unit.dissolvedOn) {
      throw validationFailed(
        fieldError('unitId', 'notDissolved', 'Đơn vị đã giải thể hoặc sáp nhập'),
      );
    }
  }
}
