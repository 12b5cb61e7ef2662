import { ALL_ROLES, Role } from './role.js';

/** Every endpoint declares one of these; an endpoint without one is refused. */
export enum Permission {
  /** Read the organisation tree. */
  UnitRead = 'unit.read',
  /** Create, rename, move and deactivate units. */
  UnitManage = 'unit.manage',
  /** Create accounts and grant or revoke memberships. */
  UserManage = 'user.manage',
  /** What any signed-in account may do about itself. */
  Self = 'self',
  /** Read plans of the units one acts for (and, once issued, those addressed to them). */
  PlanRead = 'plan.read',
  /** Create and edit draft plans of one's unit. */
  PlanDraft = 'plan.draft',
  /** Send lifecycle events; which role may send which event is the workflow's table. */
  PlanTransition = 'plan.transition',
  /** Read and verify the audit trail. */
  AuditRead = 'audit.read',
  /** Reorganise the tree (merge, split, dissolve, rename, move) within the caller's admin scope. */
  Reorganise = 'unit.reorganise',
  /** Read the transparency log's signed checkpoints, consistency proofs and keys: they name no entry. */
  AuditLogRead = 'audit-log.read',
}

export interface PermissionRule {
  roles: readonly Role[];
  /**
   * `role`: as far as each role reaches (subtree for admin, monitor, auditor; the unit
   * itself for the others). `subtree`: the whole subtree of the membership's unit for every
   * role: everyone may see the structure they work in, to address plans and reports.
   */
  reach: 'role' | 'subtree';
  /** Granted to every signed-in account, even one holding no role yet. */
  anyAccount?: true;
  /** Only reads: a former membership (its unit dissolved by a reorganisation) still grants it. */
  reads?: true;
}

export const POLICY: Record<Permission, PermissionRule> = {
  [Permission.UnitRead]: { roles: ALL_ROLES, reach: 'subtree', reads: true },
  [Permission.UnitManage]: { roles: [Role.Admin], reach: 'role' },
  [Permission.Reorganise]: { roles: [Role.Admin], reach: 'role' },
  [Permission.UserManage]: { roles: [Role.Admin], reach: 'role' },
  [Permission.Self]: { roles: ALL_ROLES, reach: 'subtree', anyAccount: true },
  [Permission.PlanRead]: { roles: ALL_ROLES, reach: 'role', reads: true },
  [Permission.PlanDraft]: { roles: [Role.Drafter], reach: 'role' },
  [Permission.PlanTransition]: { roles: [Role.Drafter, Role.Secretary, Role.Monitor], reach: 'role' },
  [Permission.AuditRead]: { roles: [Role.Auditor], reach: 'role', reads: true },
  [Permission.AuditLogRead]: { roles: ALL_ROLES, reach: 'subtree', anyAccount: true },
};
