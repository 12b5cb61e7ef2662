import type { PlanSnapshot } from './plan.machine.js';
import type { PlanState } from './plan.states.js';
import { planWorkflow } from './plan-workflow.js';

/** A snapshot of the current plan machine for a stored state (upgraded from `version` if older). */
export function restorePlan(state: PlanState, version?: number): PlanSnapshot {
  // planWorkflow's current machine is planMachine, so the snapshot is one of it.
  return planWorkflow.restore(state, version) as PlanSnapshot;
}
