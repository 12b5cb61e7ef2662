import type { WorkflowRole } from '../plan/workflow-role.js';
import type { AssignmentEventType } from './assignment.events.js';

/** Who sends an assignment event: a user in one of these roles, or the server itself (`system`). */
export type AssignmentEventSender = WorkflowRole | 'system';

/**
 * Who may send each event. The machine does not check roles: the caller does, before
 * `assignmentWorkflow.step`. ACKNOWLEDGE is sent by a user of the assignee unit; WAIVE and
 * EXTEND by a user of the issuer. The CHILD_* and REPORT_* events are `system` only: the
 * server sends them when the child plan or the report moves, and no user sends them
 * directly; so are the PARENT_* events and DROPPED_BY_AMENDMENT, sent when the plan is
 * withdrawn or an amendment of it is issued.
 */
export const ASSIGNMENT_EVENT_ROLES: Readonly<Record<AssignmentEventType, readonly AssignmentEventSender[]>> = Object.freeze({
  ACKNOWLEDGE: Object.freeze(['drafter', 'secretary', 'unit_officer']),
  CHILD_DRAFTED: Object.freeze(['system']),
  CHILD_DISCARDED: Object.freeze(['system']),
  CHILD_ISSUED: Object.freeze(['system']),
  CHILD_WITHDRAWN: Object.freeze(['system']),
  REPORT_SUBMITTED: Object.freeze(['system']),
  REPORT_ACCEPTED: Object.freeze(['system']),
  REPORT_RETURNED: Object.freeze(['system']),
  WAIVE: Object.freeze(['secretary', 'monitor']),
  EXTEND: Object.freeze(['secretary', 'monitor']),
  PARENT_WITHDRAWN: Object.freeze(['system']),
  PARENT_AMENDED: Object.freeze(['system']),
  DROPPED_BY_AMENDMENT: Object.freeze(['system']),
} satisfies Record<AssignmentEventType, readonly AssignmentEventSender[]>);
