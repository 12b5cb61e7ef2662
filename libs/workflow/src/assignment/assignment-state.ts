import type { StateValue } from 'xstate';
import { statePathOf } from '../core/state-path.js';
import { isAssignmentState, type AssignmentState } from './assignment.states.js';

/** The state of an assignment-machine snapshot as a dotted path, e.g. `reported`. */
export function assignmentStateOf(snapshot: { readonly value: StateValue }): AssignmentState {
  const path = statePathOf(snapshot.value);
  if (!isAssignmentState(path)) throw new Error(`Not a state of the assignment machine: ${path}`);
  return path;
}
