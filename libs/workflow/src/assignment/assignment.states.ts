/**
 * An assignment's state (*nhiệm vụ được giao*: one assignee unit's duty under an issued
 * plan) as a dotted path into the machine. Overdue is not a state: it is a flag the
 * database keeps beside the state, so no event sets it.
 */
export type AssignmentState =
  /** The issued plan's assignment has reached the assignee unit. */
  | 'assigned'
  /** The assignee unit has acknowledged it. */
  | 'acknowledged'
  /** The unit's own implementing plan (the child plan) is in draft. */
  | 'planning'
  /** The unit's own implementing plan is issued. */
  | 'implementing'
  /** The unit's report is with the monitoring unit. */
  | 'reported'
  /** The report was returned for revision; the unit reports again. */
  | 'returned'
  | 'accepted'
  | 'waived'
  /** Ended by its plan: withdrawn, or amended without this unit (from machine v2). */
  | 'cancelled';

export const ASSIGNMENT_STATES: readonly AssignmentState[] = Object.freeze([
  'assigned',
  'acknowledged',
  'planning',
  'implementing',
  'reported',
  'returned',
  'accepted',
  'waived',
  'cancelled',
]);

/** States an assignment can still move out of: it may be waived or its deadline extended in any of them. */
export const OPEN_ASSIGNMENT_STATES: readonly AssignmentState[] = Object.freeze(['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned']);

/** States an assignment never leaves. */
export const FINAL_ASSIGNMENT_STATES: readonly AssignmentState[] = Object.freeze(['accepted', 'waived', 'cancelled']);

const ALL = new Set<string>(ASSIGNMENT_STATES);

export function isAssignmentState(value: unknown): value is AssignmentState {
  return typeof value === 'string' && ALL.has(value);
}
