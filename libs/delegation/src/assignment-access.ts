import { Actor, isWithin, Permission, Role } from '@app/org';
import type { WorkflowRole } from '@app/workflow';

interface Located {
  assigneeUnitId: string;
  assigneePath: string;
  issuerUnitId: string;
  issuerPath: string;
  collectorUnitId: string | null;
  collectorPath: string | null;
}

/**
 * The assignee's people see their assignment; so do those who see the issuing side of it,
 * and the unit the plan names to collect its reports (it accepts or returns them).
 */
export function canSeeAssignment(actor: Actor, a: Located): boolean {
  return (
    actor.can(Permission.PlanRead, { id: a.assigneeUnitId, path: a.assigneePath }) ||
    actor.can(Permission.PlanRead, { id: a.issuerUnitId, path: a.issuerPath }) ||
    (a.collectorUnitId !== null && a.collectorPath !== null && actor.can(Permission.PlanRead, { id: a.collectorUnitId, path: a.collectorPath }))
  );
}

/** ACKNOWLEDGE is sent for the assignee; WAIVE and EXTEND for the issuer. */
export function rolesAt(actor: Actor, unitId: string): WorkflowRole[] {
  return actor.memberships.filter((m) => m.unitId === unitId).map((m) => m.role as Role as WorkflowRole);
}

export { isWithin };
