import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, PUBLIC_KEY } from '@app/core';
import { ActorCache, MembershipsService, Permission, PERMISSION_KEY, RequestWithActor } from '@app/org';
import { AuthService } from '../login/auth.service.js';

/**
 * Deny by default: a route is reachable only if it is marked public or declares a
 * permission that one of the caller's roles grants. Unit-level scope is checked by the
 * service that loads the unit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly memberships: MembershipsService,
    private readonly actors: ActorCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);

    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithActor>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw DomainError.unauthenticated();
    const userId = await this.auth.verifyAccessToken(token);
    const actor = userId ? await this.actors.get(userId, () => this.memberships.loadActor(userId)) : undefined;
    if (!actor) throw DomainError.unauthenticated('Invalid or expired access token');

    if (!permission) throw DomainError.forbidden('This route declares no permission');
    if (!actor.holds(permission)) throw DomainError.forbidden('None of your roles grants this');
    request.actor = actor;
    return true;
  }
}
