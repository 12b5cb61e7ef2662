import fc from 'fast-check';
import { Actor, ActorMembership, isWithin } from './actor.js';
import { Permission } from './permission.js';
import { ALL_ROLES, Role } from './role.js';

const unit = (id: string, path: string) => ({ id, path });
const member = (role: Role, unitId: string | null, unitPath: string | null): ActorMembership => ({ id: `m-${role}-${unitId}`, role, unitId, unitPath });

describe('Actor', () => {
  const district = unit('district', '1.2');
  const ward = unit('ward', '1.2.7');
  const sibling = unit('sibling', '1.3');
  const lookalike = unit('lookalike', '1.22');

  it.each(ALL_ROLES)('lets a %s read its unit and everything below, nothing beside', (role) => {
    const actor = new Actor('u', 'u', 'U', [member(role, 'district', '1.2')]);
    expect([district, ward, sibling, lookalike].map((u) => actor.can(Permission.UnitRead, u))).toEqual([true, true, false, false]);
  });

  it('lets only an admin manage, and over its whole subtree', () => {
    const admin = new Actor('u', 'u', 'U', [member(Role.Admin, 'district', '1.2')]);
    expect([district, ward, sibling].map((u) => admin.can(Permission.UnitManage, u))).toEqual([true, true, false]);
    for (const role of ALL_ROLES.filter((r) => r !== Role.Admin)) {
      const other = new Actor('u', 'u', 'U', [member(role, 'district', '1.2')]);
      expect(other.holds(Permission.UnitManage)).toBe(false);
      expect(other.can(Permission.UnitManage, district)).toBe(false);
    }
  });

  it('gives an organisation-wide membership every unit', () => {
    const root = new Actor('u', 'u', 'U', [member(Role.Admin, null, null)]);
    expect(root.canEverywhere(Permission.UnitManage)).toBe(true);
    expect(root.scopeRoots(Permission.UnitManage)).toBeNull();
    expect(root.can(Permission.UnitManage, sibling)).toBe(true);
  });

  it('grants /auth/me to an account with no role at all', () => {
    const nobody = new Actor('u', 'u', 'U', []);
    expect(nobody.holds(Permission.Self)).toBe(true);
    expect(nobody.holds(Permission.UnitRead)).toBe(false);
  });

  it('splits scope roots into subtrees and single units by role', () => {
    const actor = new Actor('u', 'u', 'U', [member(Role.Drafter, 'district', '1.2'), member(Role.Monitor, 'sibling', '1.3')]);
    expect(actor.scopeRoots(Permission.UnitRead)).toEqual({ subtrees: ['1.2', '1.3'], units: [] });
  });
});

describe('isWithin', () => {
  const path = fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 8 });

  it('holds exactly when the ancestor path is a label-wise prefix', () => {
    fc.assert(
      fc.property(path, path, (a, b) => {
        const prefix = a.length <= b.length && a.every((label, i) => b[i] === label);
        expect(isWithin(b.join('.'), a.join('.'))).toBe(prefix);
      }),
    );
  });
});
