/**
 * The events that move an assignment. Payloads are checked by the machine's named guards.
 * `requiresOwnPlan` is a fact of the assignment the caller reads from the database
 * (whether the plan told this unit to write its own implementing plan): the machine has no
 * context.
 */
export type AssignmentEvent =
  /** The assignee unit acknowledges the assignment. */
  | { type: 'ACKNOWLEDGE' }
  /** The assignee unit created its implementing plan (the child plan's draft). */
  | { type: 'CHILD_DRAFTED'; requiresOwnPlan: boolean }
  /** The child plan's draft was discarded. */
  | { type: 'CHILD_DISCARDED' }
  /** The child plan was issued. */
  | { type: 'CHILD_ISSUED' }
  /** The issued child plan was withdrawn: the unit has no implementing plan in force (from v3). */
  | { type: 'CHILD_WITHDRAWN' }
  /** The unit submitted its implementation report. */
  | { type: 'REPORT_SUBMITTED'; requiresOwnPlan: boolean }
  /** The monitoring unit accepted the report. */
  | { type: 'REPORT_ACCEPTED' }
  /** The monitoring unit returned the report for revision. */
  | { type: 'REPORT_RETURNED' }
  /** The issuer releases the unit from the assignment. */
  | { type: 'WAIVE'; reason: string }
  /** The issuer moves the deadline; `dueOn` is an ISO date `YYYY-MM-DD`. The state does not change but the step is recorded. */
  | { type: 'EXTEND'; dueOn: string; reason: string }
  /** The assignment's plan was withdrawn (from machine v2). */
  | { type: 'PARENT_WITHDRAWN' }
  /** An amendment of the assignment's plan was issued and still assigns the unit: the assignment continues under it (from v2). */
  | { type: 'PARENT_AMENDED' }
  /** An amendment of the assignment's plan was issued and no longer assigns the unit (from v2). */
  | { type: 'DROPPED_BY_AMENDMENT' };

export type AssignmentEventType = AssignmentEvent['type'];

/** Every event type, in the canonical order of `allowed` and `accepted` lists. */
export const ASSIGNMENT_EVENT_TYPES: readonly AssignmentEventType[] = Object.freeze([
  'ACKNOWLEDGE',
  'CHILD_DRAFTED',
  'CHILD_DISCARDED',
  'CHILD_ISSUED',
  'CHILD_WITHDRAWN',
  'REPORT_SUBMITTED',
  'REPORT_ACCEPTED',
  'REPORT_RETURNED',
  'WAIVE',
  'EXTEND',
  'PARENT_WITHDRAWN',
  'PARENT_AMENDED',
  'DROPPED_BY_AMENDMENT',
]);

const ALL = new Set<string>(ASSIGNMENT_EVENT_TYPES);

export function isAssignmentEventType(value: unknown): value is AssignmentEventType {
  return typeof value === 'string' && ALL.has(value);
}
