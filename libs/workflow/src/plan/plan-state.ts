import type { StateValue } from 'xstate';
import { isPlanState, type PlanState } from './plan.states.js';

/**
 * The dotted path of a (non-parallel) state value: `{ draft: 'editing' }` → `draft.editing`.
 * Throws on a parallel value, which no plan machine has.
 */
export function statePathOf(value: StateValue): string {
  let path = '';
  let current: StateValue | undefined = value;
  while (current !== undefined) {
    if (typeof current === 'string') return path + current;
    const keys: string[] = Object.keys(current);
    if (keys.length !== 1) throw new Error(`A plan state has exactly one active child, got ${JSON.stringify(value)}`);
    path += `${keys[0]}.`;
    current = current[keys[0]];
  }
  throw new Error(`Not a state value: ${JSON.stringify(value)}`);
}

/** The inverse of `statePathOf`: `draft.editing` → `{ draft: 'editing' }`. */
export function stateValueOf(path: string): StateValue {
  const segments = path.split('.');
  let value: StateValue = segments[segments.length - 1];
  for (let i = segments.length - 2; i >= 0; i--) value = { [segments[i]]: value };
  return value;
}

/** The state of a plan-machine snapshot as a dotted path, e.g. `draft.submitted`. */
export function planStateOf(snapshot: { readonly value: StateValue }): PlanState {
  const path = statePathOf(snapshot.value);
  if (!isPlanState(path)) throw new Error(`Not a state of the plan machine: ${path}`);
  return path;
}
