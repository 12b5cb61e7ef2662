import type { WorkflowRole } from '../plan/workflow-role.js';
import type { ReportEventType } from './report.events.js';

/** Which side of the assignment sends an event: the reporting unit, or the one that receives its report. */
export type ReportEventSide = 'assignee' | 'monitor';

/**
 * Who may send each event. The machine does not check roles: the caller does, before
 * `reportWorkflow.step`. SUBMIT is sent by the people of the reporting (assignee) unit;
 * ACCEPT and RETURN by the side that receives the report: a secretary or monitor of the
 * monitoring unit named in the plan's report duty, or of the plan's issuer.
 */
export const REPORT_EVENT_ROLES: Readonly<Record<ReportEventType, readonly WorkflowRole[]>> = Object.freeze({
  SUBMIT: Object.freeze(['drafter', 'secretary', 'unit_officer']),
  ACCEPT: Object.freeze(['secretary', 'monitor']),
  RETURN: Object.freeze(['secretary', 'monitor']),
} satisfies Record<ReportEventType, readonly WorkflowRole[]>);

/** The side each event is sent from. */
export const REPORT_EVENT_SIDES: Readonly<Record<ReportEventType, ReportEventSide>> = Object.freeze({
  SUBMIT: 'assignee',
  ACCEPT: 'monitor',
  RETURN: 'monitor',
} satisfies Record<ReportEventType, ReportEventSide>);
