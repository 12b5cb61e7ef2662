import { Actor, ALL_ROLES, Permission, POLICY } from '@app/org';
import { isSystemActor, SYSTEM_ACTOR, SYSTEM_ROLE } from './system-actor.js';

describe('SYSTEM_ACTOR', () => {
  it('passes no user permission check anywhere', () => {
    // Permissions of any signed-in account (their own profile, the public log checkpoint) are no role's grant.
    for (const permission of Object.values(Permission).filter((p) => POLICY[p].anyAccount !== true)) {
      expect(SYSTEM_ACTOR.holds(permission)).toBe(false);
      expect(SYSTEM_ACTOR.can(permission, { id: 'unit', path: '1' })).toBe(false);
      expect(SYSTEM_ACTOR.scopeRoots(permission)).toEqual({ subtrees: [], units: [] });
    }
  });

  it('is told by identity: an account that copies its id is not the system', () => {
    expect(isSystemActor(SYSTEM_ACTOR)).toBe(true);
    expect(isSystemActor(new Actor(SYSTEM_ACTOR.userId, 'system', 'Hệ thống', []))).toBe(false);
  });

  it('audits under a role no membership can hold', () => {
    expect(ALL_ROLES).not.toContain(SYSTEM_ROLE);
  });
});
