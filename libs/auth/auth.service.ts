import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { User } from '../organization/user.entity';
import type { Actor } from './actor';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string) {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    if (!user || !(await argon2.verify(user.passwordHash, password))) {
      throw new DomainException(
        HttpStatus.UNAUTHORIZED,
        'INVALID_CREDENTIALS',
        'Wrong username or password',
      );
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, tokenType: 'Bearer', actor: await this.loadActor(user.id) };
  }

  async loadActor(userId: string): Promise<Actor | null> {
    const user = await this.users.findOne({
      where: { id: userId, active: true },
      relations: { unit: true },
    });
    if (!user?.unit) return null;
    return {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      unitId: user.unitId,
      unitPath: user.unit.path,
      unitKind: user.unit.kind,
      roles: user.roles,
    };
  }
}

export const hashPassword = (password: string) => argon2.hash(password);
