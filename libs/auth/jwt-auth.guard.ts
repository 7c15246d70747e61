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

/** Global guard: a valid bearer token for an active user on every endpoint not marked @Public. */
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
    if (scheme !== 'Bearer' || !token) throw unauthenticated('A bearer token is required');

    let payload: { sub: string };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw unauthenticated('The token is invalid or expired');
    }
    const actor = await this.auth.loadActor(payload.sub);
    if (!actor) throw unauthenticated('The user no longer exists or is disabled');
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(actor, ...roles)) {
      throw forbidden('ROLE_REQUIRED', `One of these roles is required: ${roles.join(', ')}`);
    }
    return true;
  }
}
