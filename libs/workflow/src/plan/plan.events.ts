/**
 * The events that move a plan. Payloads are checked by the machine's named guards; the
 * ones the guards read are typed, `signature` is opaque to the machine.
 */
export type PlanEvent =
  /** `failures`: the rules `planCompleteness` reported, e.g. `failures.map((f) => f.rule)`. */
  | { type: 'SUBMIT'; failures: readonly string[] }
  | { type: 'RETURN'; comment: string }
  /** `parentStates`: the states of the in-system plans the basis cites. */
  | { type: 'ISSUE'; parentStates: readonly string[]; signature: object }
  | { type: 'START' }
  | { type: 'OPEN_REPORTING' }
  | { type: 'REVIEW'; summary: string }
  | { type: 'WITHDRAW'; reason: string }
  | { type: 'DISCARD' };

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
]);

const ALL = new Set<string>(PLAN_EVENT_TYPES);

export function isPlanEventType(value: unknown): value is PlanEventType {
  return typeof value === 'string' && ALL.has(value);
}
