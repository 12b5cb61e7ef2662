import type { PlanEvent } from './plan.events.js';
import { LIVE_PLAN_STATES } from './plan.states.js';

const LIVE = new Set<string>(LIVE_PLAN_STATES);

/** Non-blank after trim. Defensive: a payload that arrives malformed at run time fails the guard instead of throwing. */
const filled = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '';

/**
 * The machine's named guards, as plain predicates over the event (the machine has no
 * context). Kept apart so a later machine version can reuse them.
 */
export const planGuards = {
  planComplete: ({ event }: { event: PlanEvent }): boolean => event.type === 'SUBMIT' && Array.isArray(event.failures) && event.failures.length === 0,
  hasComment: ({ event }: { event: PlanEvent }): boolean => event.type === 'RETURN' && filled(event.comment),
  parentsLive: ({ event }: { event: PlanEvent }): boolean =>
    event.type === 'ISSUE' && Array.isArray(event.parentStates) && event.parentStates.every((state) => LIVE.has(state)),
  hasSummary: ({ event }: { event: PlanEvent }): boolean => event.type === 'REVIEW' && filled(event.summary),
  hasReason: ({ event }: { event: PlanEvent }): boolean => event.type === 'WITHDRAW' && filled(event.reason),
};

export type PlanGuard = keyof typeof planGuards;
