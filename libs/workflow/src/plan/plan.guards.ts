import type { AssignmentState } from '../assignment/assignment.states.js';
import type { PlanEvent } from './plan.events.js';
import { LIVE_PLAN_STATES } from './plan.states.js';

const LIVE = new Set<string>(LIVE_PLAN_STATES);

/** Tracked assignment states that let the plan be reviewed. */
export const SETTLED_ASSIGNMENT_STATES: readonly AssignmentState[] = Object.freeze(['accepted', 'waived']);
const SETTLED = new Set<string>(SETTLED_ASSIGNMENT_STATES);

/** Non-blank after trim. Defensive: a payload that arrives malformed at run time fails the guard instead of throwing. */
const filled = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '';

/** An ISO date that is a real day (2015-02-30 is not). */
const realDate = (iso: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(iso) && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;

/**
 * The machine's named guards, as plain predicates over the event (the machine has no
 * context). Kept apart so that every machine version uses the same ones.
 */
export const planGuards = {
  planComplete: ({ event }: { event: PlanEvent }): boolean => event.type === 'SUBMIT' && Array.isArray(event.failures) && event.failures.length === 0,
  hasComment: ({ event }: { event: PlanEvent }): boolean => event.type === 'RETURN' && filled(event.comment),
  parentsLive: ({ event }: { event: PlanEvent }): boolean =>
    event.type === 'ISSUE' && Array.isArray(event.parentStates) && event.parentStates.every((state) => LIVE.has(state)),
  /** ISSUE of an amendment: the plan it amends is still issued, implementing or reporting (strictly null for any other plan). */
  amendedLive: ({ event }: { event: PlanEvent }): boolean =>
    event.type === 'ISSUE' && (event.amendedState === null || (typeof event.amendedState === 'string' && LIVE.has(event.amendedState))),
  hasSummary: ({ event }: { event: PlanEvent }): boolean => event.type === 'REVIEW' && filled(event.summary),
  /** REVIEW: every tracked assignment is accepted or waived (a plan without tracked assignments passes). */
  assignmentsSettled: ({ event }: { event: PlanEvent }): boolean =>
    event.type === 'REVIEW' && Array.isArray(event.assignmentStates) && event.assignmentStates.every((state) => SETTLED.has(state)),
  hasReason: ({ event }: { event: PlanEvent }): boolean => event.type === 'WITHDRAW' && filled(event.reason),
  /**
   * REGISTER records what identifies the document as printed: a number and symbol, a real
   * date not after today, or at least its signer; nothing it carries is blank or malformed.
   */
  registrationRecorded: ({ event }: { event: PlanEvent }): boolean => {
    if (event.type !== 'REGISTER') return false;
    const { numberAndSymbol, issuedOn, signerName, today } = event;
    if (numberAndSymbol !== null && !(filled(numberAndSymbol) && /^\d+/.test(numberAndSymbol.trim()))) return false;
    if (issuedOn !== null && !(typeof issuedOn === 'string' && realDate(issuedOn) && issuedOn <= today)) return false;
    if (signerName !== null && !filled(signerName)) return false;
    return numberAndSymbol !== null || issuedOn !== null || signerName !== null;
  },
  /** REGISTER of a plan already being carried out lands in `implementing`. */
  registersImplementing: ({ event }: { event: PlanEvent }): boolean => event.type === 'REGISTER' && event.lands === 'implementing',
  /** SUPERSEDE names the amendment that replaces the plan. */
  namesAmendment: ({ event }: { event: PlanEvent }): boolean => event.type === 'SUPERSEDE' && filled(event.amendmentId),
};

export type PlanGuard = keyof typeof planGuards;
