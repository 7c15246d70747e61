import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainException, forbidden } from '../common/domain.exception';
import type { Role } from '../organization/user.entity';
import { hasRole } from './actor';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthService } from './auth.service';

const unauthenticated = (message: string) =>
  new DomainException(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TokenPayload {
  sub?: unknown;
  ver?: unknown;
  exp?: unknown;
}

/**
 * Global guard: on every endpoint not marked @Public, a bearer token signed by us (HS256), with an
 * expiry, a UUID subject and the user's current token version, for an active user.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const [scheme, token] = String(request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw unauthenticated('Cần đăng nhập: thiếu mã truy cập.');

    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw unauthenticated('Mã truy cập không hợp lệ hoặc đã hết hạn.');
    }
    const { sub, ver, exp } = payload;
    if (
      typeof exp !== 'number' ||
      typeof sub !== 'string' ||
      !UUID.test(sub) ||
      typeof ver !== 'number' ||
      !Number.isInteger(ver)
    ) {
      throw unauthenticated('Mã truy cập không hợp lệ hoặc đã hết hạn.');
    }
    const actor = await this.auth.authenticate(sub, ver);
    if (!actor) {
      throw unauthenticated('Mã truy cập đã bị thu hồi hoặc tài khoản đã bị khóa.');
    }
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(actor, ...roles)) {
      throw forbidden('ROLE_REQUIRED', `Chức năng này chỉ dành cho vai trò: ${roles.join(', ')}.`);
    }
    return true;
  }
}
