import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Environment } from '../config/environment';
import { badRequest, DomainException } from '../common/domain.exception';
import { User } from '../organization/user.entity';
import type { Actor } from './actor';
import { LoginThrottle } from './login-throttle';

const PLAUSIBLE_USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

const invalidCredentials = () =>
  new DomainException(
    HttpStatus.UNAUTHORIZED,
    'INVALID_CREDENTIALS',
    'Tên đăng nhập hoặc mật khẩu không đúng.',
  );

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly throttle: LoginThrottle;
  /** Verified against when the username is unknown or disabled, so both answers take as long. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    config: ConfigService<Environment, true>,
  ) {
    this.throttle = new LoginThrottle({
      maxFailuresPerAccount: config.get('LOGIN_MAX_FAILURES'),
      maxFailuresPerAddress: config.get('LOGIN_MAX_FAILURES_PER_ADDRESS'),
      lockoutMs: config.get('LOGIN_LOCKOUT_SECONDS') * 1000,
    });
  }

  onModuleInit(): void {
    void this.dummy();
  }

  /**
   * The login counters live in this process's memory, so their clean-up is per process too: the
   * one job GiaoViec leaves to @nestjs/schedule (shared schedules are Temporal Schedules, decision
   * 0019).
   */
  @Interval('login-throttle-sweep', 60_000)
  sweepLoginThrottle(): void {
    this.throttle.sweep();
  }

  async login(username: string, password: string, address = 'unknown') {
    this.throttle.assertAllowed(username, address);
    // Names that no account can have (NUL, other scripts…) skip the lookup, not the verification.
    const user = PLAUSIBLE_USERNAME.test(username)
      ? await this.users
          .createQueryBuilder('u')
          .addSelect(['u.passwordHash', 'u.tokenVersion'])
          .where('u.username = :username', { username })
          .getOne()
      : null;
    const hash = user?.active ? user.passwordHash : await this.dummy();
    const verified = await verify(hash, password);
    if (!user?.active || !verified) {
      this.throttle.recordFailure(username, address);
      throw invalidCredentials();
    }
    this.throttle.recordSuccess(username);
    return {
      ...(await this.issueToken(user.id, user.tokenVersion)),
      actor: await this.loadActor(user.id),
    };
  }

  /** Changes the caller's own password; every token issued before stops working. */
  async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
    address = 'unknown',
  ) {
    this.throttle.assertAllowed(actor.username, address);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id AND u.active', { id: actor.id })
      .getOne();
    if (!user) throw invalidCredentials();
    if (!(await verify(user.passwordHash, currentPassword))) {
      this.throttle.recordFailure(actor.username, address);
      throw badRequest('INVALID_CURRENT_PASSWORD', 'Mật khẩu hiện tại không đúng.', [
        { field: 'currentPassword', rule: 'matches', message: 'Mật khẩu hiện tại không đúng.' },
      ]);
    }
    if (currentPassword === newPassword) {
      throw badRequest('PASSWORD_UNCHANGED', 'Mật khẩu mới phải khác mật khẩu hiện tại.', [
        {
          field: 'newPassword',
          rule: 'different',
          message: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
        },
      ]);
    }
    const passwordHash = await hashPassword(newPassword);
    const [rows] = await this.users.query(
      `UPDATE users SET password_hash = $2, token_version = token_version + 1
       WHERE id = $1 RETURNING token_version`,
      [user.id, passwordHash],
    );
    return this.issueToken(user.id, rows[0].token_version);
  }

  private async issueToken(userId: string, version: number) {
    const accessToken = await this.jwt.signAsync({ sub: userId, ver: version });
    return { accessToken, tokenType: 'Bearer' as const };
  }

  /**
   * The actor behind a token, or null when the user is gone, disabled, or the token's version is
   * older than the user's (one lookup by primary key, joined to the unit).
   */
  async authenticate(userId: string, tokenVersion: number): Promise<Actor | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.tokenVersion')
      .innerJoinAndSelect('u.unit', 'unit')
      .where('u.id = :userId AND u.active', { userId })
      .getOne();
    if (!user?.unit || user.tokenVersion !== tokenVersion) return null;
    return toActor(user);
  }

  async loadActor(userId: string): Promise<Actor | null> {
    const user = await this.users.findOne({
      where: { id: userId, active: true },
      relations: { unit: true },
    });
    return user?.unit ? toActor(user) : null;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
    return this.dummyHash;
  }
}

function toActor(user: User): Actor {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    unitId: user.unitId,
    unitPath: user.unit!.path,
    unitKind: user.unit!.kind,
    roles: user.roles,
  };
}

/** A malformed stored hash counts as a wrong password, not a 500. */
async function verify(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const hashPassword = (password: string) => argon2.hash(password);
