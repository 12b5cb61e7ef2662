import type { StateValue } from 'xstate';
import { statePathOf } from '../core/state-path.js';
import { isPlanState, type PlanState } from './plan.states.js';

export { statePathOf, stateValueOf } from '../core/state-path.js';

/** The state of a plan-machine snapshot as a dotted path, e.g. `draft.submitted`. */
export function planStateOf(snapshot: { readonly value: StateValue }): PlanState {
  const path = statePathOf(snapshot.value);
  if (!isPlanState(path)) throw new Error(`Not a state of the plan machine: ${path}`);
  return path;
}
