/**
 * The events that move a plan. Payloads are checked by the machine's named guards; the
 * ones the guards read are typed, `signature` is opaque to the machine.
 */
export type PlanEvent =
  /** `failures`: the rules `planCompleteness` reported, e.g. `failures.map((f) => f.rule)`. */
  | { type: 'SUBMIT'; failures: readonly string[] }
  | { type: 'RETURN'; comment: string }
  /**
   * `parentStates`: the states of the in-system plans the basis cites (a superseded one is
   * read as its amendment). `amendedState`: for an amendment, the state of the plan it
   * amends; null for any other plan.
   */
  | { type: 'ISSUE'; parentStates: readonly string[]; amendedState: string | null; signature: object }
  | { type: 'START' }
  | { type: 'OPEN_REPORTING' }
  /** `assignmentStates`: the states of the plan's tracked assignments. */
  | { type: 'REVIEW'; summary: string; assignmentStates: readonly string[] }
  | { type: 'WITHDRAW'; reason: string }
  | { type: 'DISCARD' }
  /** Sent by the server when an amendment of the plan is issued; `amendmentId` names it. */
  | { type: 'SUPERSEDE'; amendmentId: string }
  /**
   * A document already issued outside the system, registered as printed: its number and
   * date when the copy has them (`today` bounds the date), the signer's name, and whether it
   * is already being carried out (`lands`).
   */
  | { type: 'REGISTER'; numberAndSymbol: string | null; issuedOn: string | null; signerName: string | null; today: string; lands: 'issued' | 'implementing' };

export type PlanEventType = PlanEvent['type'];

/** Every event type, in the canonical order used by `acceptedEvents`. */
export const PLAN_EVENT_TYPES: readonly PlanEventType[] = Object.freeze([
  'SUBMIT',
  'RETURN',
  'ISSUE',
  'START',
  'OPEN_REPORTING',
  'REVIEW',
  'WITHDRAW',
  'DISCARD',
  'SUPERSEDE',
  'REGISTER',
]);

const ALL = new Set<string>(PLAN_EVENT_TYPES);

export function isPlanEventType(value: unknown): value is PlanEventType {
  return typeof value === 'string' && ALL.has(value);
}
