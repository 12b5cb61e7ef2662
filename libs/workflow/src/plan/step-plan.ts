import type { StepResult } from './create-plan-workflow.js';
import type { PlanEvent } from './plan.events.js';
import type { PlanState } from './plan.states.js';
import { planWorkflow } from './plan-workflow.js';

/**
 * The one call the server makes to move a plan: restores the stored state (upgrading it
 * from `version`, default the current one), checks the event is accepted there, runs the
 * pure `transition()` and reports the outcome. Roles are the caller's business
 * (`PLAN_EVENT_ROLES`). Throws only on corrupt stored data.
 */
export function stepPlan(state: PlanState, event: PlanEvent, version?: number): StepResult {
  return planWorkflow.step(state, event, version);
}
