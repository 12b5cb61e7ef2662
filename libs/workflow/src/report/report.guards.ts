import type { ReportEvent } from './report.events.js';

/** Non-blank after trim. Defensive: a payload that arrives malformed at run time fails the guard instead of throwing. */
const filled = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '';

/**
 * The machine's named guards, as plain predicates over the event (the machine has no
 * context). Kept apart so a later machine version can reuse them.
 */
export const reportGuards = {
  /** SUBMIT: the report breaks no completeness rule (an empty `failures` array). */
  reportComplete: ({ event }: { event: ReportEvent }): boolean => event.type === 'SUBMIT' && Array.isArray(event.failures) && event.failures.length === 0,
  /** RETURN: a non-blank comment saying what to revise. */
  hasComment: ({ event }: { event: ReportEvent }): boolean => event.type === 'RETURN' && filled(event.comment),
};

export type ReportGuard = keyof typeof reportGuards;
