import { Actor, ALL_ROLES, Permission } from '@app/org';
import { isSystemActor, SYSTEM_ACTOR, SYSTEM_ROLE } from './system-actor.js';

describe('SYSTEM_ACTOR', () => {
  it('passes no user permission check anywhere', () => {
    for (const permission of Object.values(Permission).filter((p) => p !== Permission.Self)) {
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
