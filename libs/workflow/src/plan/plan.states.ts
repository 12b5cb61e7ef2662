/** A plan's state as a dotted path into the machine: `draft.editing`, `issued`, … */
export type PlanState =
  | 'draft.editing'
  | 'draft.submitted'
  | 'draft.returned'
  | 'issued'
  | 'implementing'
  | 'reporting'
  | 'reviewed'
  | 'withdrawn'
  /** Replaced by an issued amendment (sửa đổi, bổ sung); from machine v2. */
  | 'superseded'
  | 'discarded';

export const PLAN_STATES: readonly PlanState[] = Object.freeze([
  'draft.editing',
  'draft.submitted',
  'draft.returned',
  'issued',
  'implementing',
  'reporting',
  'reviewed',
  'withdrawn',
  'superseded',
  'discarded',
]);

/** States a plan never leaves. */
export const FINAL_PLAN_STATES: readonly PlanState[] = Object.freeze(['reviewed', 'withdrawn', 'superseded', 'discarded']);

/** States a parent plan must be in for a child that cites it to be issued (guard `parentsLive`), and a plan to be amended. */
export const LIVE_PLAN_STATES: readonly PlanState[] = Object.freeze(['issued', 'implementing', 'reporting']);

const ALL = new Set<string>(PLAN_STATES);

export function isPlanState(value: unknown): value is PlanState {
  return typeof value === 'string' && ALL.has(value);
}
