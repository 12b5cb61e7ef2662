import { Permission, POLICY } from './permission.js';
import { reachesSubtree, Role } from './role.js';

export interface ActorMembership {
  id: string;
  role: Role;
  /** null: the whole organisation (the bootstrap admin). */
  unitId: string | null;
  unitPath: string | null;
}

/** A unit as far as scope checks care: where it sits in the tree. */
export interface UnitLocation {
  id: string;
  path: string;
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path === ancestorPath || path.startsWith(`${ancestorPath}.`);
}

/** The authenticated caller with every role it holds and where. Decisions are pure. */
export class Actor {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly displayName: string,
    readonly memberships: readonly ActorMembership[],
    /**
     * Memberships at units since dissolved by a reorganisation: their holder still reads what
     * it did there (read permissions), and can no longer act for the unit (kept out of `memberships`).
     */
    readonly formerMemberships: readonly ActorMembership[] = [],
  ) {}

  /** The memberships that count for `permission`: former ones only for reading. */
  private through(permission: Permission): readonly ActorMembership[] {
    return POLICY[permission].reads && this.formerMemberships.length > 0 ? [...this.memberships, ...this.formerMemberships] : this.memberships;
  }

  /** Whether some membership grants `permission` anywhere: the guard's coarse check. */
  holds(permission: Permission): boolean {
    const { roles, anyAccount } = POLICY[permission];
    return anyAccount === true || this.through(permission).some((m) => roles.includes(m.role));
  }

  /** The memberships through which `permission` reaches `unit`. */
  grantsFor(permission: Permission, unit: UnitLocation): ActorMembership[] {
    const rule = POLICY[permission];
    return this.through(permission).filter((m) => {
      if (!rule.roles.includes(m.role)) return false;
      if (m.unitPath === null) return true;
      const subtree = rule.reach === 'subtree' || reachesSubtree(m.role);
      return subtree ? isWithin(unit.path, m.unitPath) : unit.id === m.unitId;
    });
  }

  can(permission: Permission, unit: UnitLocation): boolean {
    return this.grantsFor(permission, unit).length > 0;
  }

  /** Holds `permission` over the whole organisation (e.g. may create top-level units). */
  canEverywhere(permission: Permission): boolean {
    return this.memberships.some((m) => m.unitPath === null && POLICY[permission].roles.includes(m.role));
  }

  /** Paths of the units from which `permission` reaches a subtree or the unit itself; null = everywhere. */
  scopeRoots(permission: Permission): { subtrees: string[]; units: string[] } | null {
    if (this.canEverywhere(permission)) return null;
    const rule = POLICY[permission];
    const subtrees: string[] = [];
    const units: string[] = [];
    for (const m of this.through(permission)) {
      if (!rule.roles.includes(m.role) || m.unitPath === null || m.unitId === null) continue;
      if (rule.reach === 'subtree' || reachesSubtree(m.role)) subtrees.push(m.unitPath);
      else units.push(m.unitId);
    }
    return { subtrees, units };
  }
}
