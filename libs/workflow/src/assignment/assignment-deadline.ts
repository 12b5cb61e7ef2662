import type { AssignmentState } from './assignment.states.js';

/**
 * The states in which an assignment still owes its report: when its due date passes here it
 * is overdue, and reminders (đôn đốc) go to its unit. A reported, accepted, waived or cancelled
 * assignment is not late. Overdue stays a flag beside the state (the machine has no event
 * for it): the server records the flag as an audited step that keeps the state.
 */
export const AWAITING_REPORT_STATES: readonly AssignmentState[] = Object.freeze(['assigned', 'acknowledged', 'planning', 'implementing', 'returned']);

const AWAITING = new Set<string>(AWAITING_REPORT_STATES);

export function awaitsReport(state: string): boolean {
  return AWAITING.has(state);
}
