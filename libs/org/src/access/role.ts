/** What a membership lets a user do at a unit. */
export enum Role {
  Admin = 'admin',
  /** chuyên viên: drafts plans for the unit */
  Drafter = 'drafter',
  /** bí thư / phó bí thư: approves, signs and issues */
  Secretary = 'secretary',
  /** e.g. Ban Tuyên giáo: follows up and urges (đôn đốc) */
  Monitor = 'monitor',
  UnitOfficer = 'unit_officer',
  /** Ủy ban Kiểm tra: reads and verifies the history */
  Auditor = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Admins, monitors and auditors reach the unit's whole subtree; the others act for the unit only. */
export function reachesSubtree(role: Role): boolean {
  return role === Role.Admin || role === Role.Monitor || role === Role.Auditor;
}
