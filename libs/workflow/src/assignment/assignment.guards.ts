import type { AssignmentEvent } from './assignment.events.js';

/** Non-blank after trim. Defensive: a payload that arrives malformed at run time fails the guard instead of throwing. */
const filled = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (proleptic Gregorian, years 0001–9999, as PostgreSQL's `date` takes it). */
function isCalendarDate(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/**
 * The machine's named guards, as plain predicates over the event (the machine has no
 * context). Kept apart so a later machine version can reuse them.
 */
export const assignmentGuards = {
  /** CHILD_DRAFTED: the unit must write its own implementing plan (strictly `true`). */
  ownPlanRequired: ({ event }: { event: AssignmentEvent }): boolean => event.type === 'CHILD_DRAFTED' && event.requiresOwnPlan === true,
  /** REPORT_SUBMITTED straight from `acknowledged`: only when no own plan is required (strictly `false`). */
  noOwnPlanRequired: ({ event }: { event: AssignmentEvent }): boolean => event.type === 'REPORT_SUBMITTED' && event.requiresOwnPlan === false,
  /** WAIVE: a non-blank reason. */
  hasReason: ({ event }: { event: AssignmentEvent }): boolean => event.type === 'WAIVE' && filled(event.reason),
  /** EXTEND: a non-blank reason and a new deadline that is a real calendar date. */
  validExtension: ({ event }: { event: AssignmentEvent }): boolean => event.type === 'EXTEND' && filled(event.reason) && isCalendarDate(event.dueOn),
};

export type AssignmentGuard = keyof typeof assignmentGuards;
