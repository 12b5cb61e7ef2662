import type { StateValue } from 'xstate';
import { statePathOf } from '../core/state-path.js';
import { isReportState, type ReportState } from './report.states.js';

/** The state of a report-machine snapshot as a dotted path, e.g. `submitted`. */
export function reportStateOf(snapshot: { readonly value: StateValue }): ReportState {
  const path = statePathOf(snapshot.value);
  if (!isReportState(path)) throw new Error(`Not a state of the report machine: ${path}`);
  return path;
}
