import { Actor, Permission, Role } from '@app/org';
import { REPORT_EVENT_ROLES, REPORT_EVENT_SIDES, reportWorkflow, type ReportEventType, type WorkflowRole } from '@app/workflow';

/** Where a report sits: its reporting unit, and the two units that may receive it. */
export interface ReportPlace {
  unitId: string;
  unitPath: string;
  issuerUnitId: string;
  issuerPath: string;
  /** The monitoring unit named in the plan's report duty, if any. */
  collectorUnitId: string | null;
  collectorPath: string | null;
}

/**
 * Who sees a report: the people of the reporting unit, of the plan's issuer and of the
 * monitoring unit, and those whose role reaches any of them from above (admins, monitors,
 * auditors).
 */
export function canSeeReport(actor: Actor, r: ReportPlace): boolean {
  return (
    actor.can(Permission.PlanRead, { id: r.unitId, path: r.unitPath }) ||
    actor.can(Permission.PlanRead, { id: r.issuerUnitId, path: r.issuerPath }) ||
    (r.collectorUnitId !== null && r.collectorPath !== null && actor.can(Permission.PlanRead, { id: r.collectorUnitId, path: r.collectorPath }))
  );
}

/** An auditor reaching the reporting unit or the issuer reads the report's history. */
export function canAuditReport(actor: Actor, r: ReportPlace): boolean {
  return actor.can(Permission.AuditRead, { id: r.unitId, path: r.unitPath }) || actor.can(Permission.AuditRead, { id: r.issuerUnitId, path: r.issuerPath });
}

function rolesAt(actor: Actor, unitId: string): WorkflowRole[] {
  return actor.memberships.filter((m) => m.unitId === unitId).map((m) => m.role as Role as WorkflowRole);
}

/** The people who write the report: a drafter, secretary or unit officer of the reporting unit itself. */
export function writerRole(actor: Actor, r: Pick<ReportPlace, 'unitId'>): WorkflowRole | undefined {
  return rolesAt(actor, r.unitId).find((role) => REPORT_EVENT_ROLES.SUBMIT.includes(role));
}

/**
 * The role and unit an event is sent as, or undefined. SUBMIT: as a writer of the reporting
 * unit. ACCEPT and RETURN: as a secretary or monitor of the monitoring unit named in the
 * plan's report duty, or else of the issuer (the issuer keeps the decision when the duty
 * names another unit: it answers for its own plan).
 */
export function senderFor(actor: Actor, r: ReportPlace, type: ReportEventType): { role: WorkflowRole; unitId: string } | undefined {
  const units = REPORT_EVENT_SIDES[type] === 'assignee' ? [r.unitId] : [r.collectorUnitId, r.issuerUnitId].filter((u): u is string => u !== null);
  for (const unitId of units) {
    const role = rolesAt(actor, unitId).find((held) => REPORT_EVENT_ROLES[type].includes(held));
    if (role) return { role, unitId };
  }
  return undefined;
}

/** The events the state accepts that this caller may send, in canonical order (guards not evaluated). */
export function nextReportEvents(actor: Actor, r: ReportPlace, state: string, machineVersion: number): ReportEventType[] {
  return reportWorkflow.accepted(state, machineVersion).filter((type) => senderFor(actor, r, type) !== undefined);
}
