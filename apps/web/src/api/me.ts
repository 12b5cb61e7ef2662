import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type Me = components['schemas']['MeDto'];
export type Role = components['schemas']['Role'];

export const meQuery = { queryKey: ['me'], queryFn: () => unwrap(api.GET('/auth/me')), staleTime: 5 * 60_000 } as const;

/** The signed-in user with the roles it holds (GET /auth/me). */
export function useMe() {
  return useQuery(meQuery);
}

/** Memberships the user acts through: a `former` one (its unit dissolved by a reorganisation) only reads the past. */
export function currentMemberships(me: Me | undefined): Me['memberships'] {
  return (me?.memberships ?? []).filter((m) => m.state === 'current');
}

export function hasRole(me: Me | undefined, roles: readonly Role[]): boolean {
  return currentMemberships(me).some((m) => roles.includes(m.role));
}

/** The units where the user holds `role` (a membership with no unit is the whole organisation). */
export function unitsWithRole(me: Me | undefined, role: Role): { unitId: string; unitName: string }[] {
  return currentMemberships(me)
    .filter((m) => m.role === role && m.unitId !== null)
    .map((m) => ({ unitId: m.unitId!, unitName: m.unitName ?? '' }));
}
