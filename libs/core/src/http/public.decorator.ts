import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

export const PUBLIC_KEY = 'public';

/** A route anyone may call, signed in or not (login, refresh, logout, health); OpenAPI says so with `security: []`. */
export function Public(summary: string): MethodDecorator {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiOperation({ summary, description: 'Public.', security: [] }));
}
