import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation } from '@nestjs/swagger';
import type { Actor } from './actor.js';
import { Permission, POLICY } from './permission.js';

export const PERMISSION_KEY = 'permission';

/**
 * Declares who may call a route. The guard refuses routes that declare nothing;
 * the service then checks the particular unit against the caller's scope.
 */
export function RequirePermission(permission: Permission, summary: string): MethodDecorator {
  const roles = POLICY[permission].roles.join(', ');
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiOperation({ summary, description: `Permission \`${permission}\` (roles: ${roles}), within the caller's scope.` }),
  );
}

export interface RequestWithActor {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
