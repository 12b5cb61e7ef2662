import { createWorkflow, type MachineVersion, type Workflow, type WorkflowStepResult } from '../core/create-workflow.js';
import { PLAN_EVENT_TYPES, type PlanEvent, type PlanEventType } from './plan.events.js';
import type { PlanState } from './plan.states.js';

export type { MachineVersion } from '../core/create-workflow.js';

/**
 * `from`, `to` and `state` are all on the current machine version: a state stored on an
 * older version is upgraded before it is moved.
 */
export type StepResult<S extends string = PlanState> = WorkflowStepResult<S, PlanEventType>;

export type PlanWorkflow<S extends string = PlanState> = Workflow<S, PlanEvent>;

/**
 * The plan workflow over a registry of plan machine versions: `createWorkflow` with the
 * plan's event types. The highest version is the current one; a state stored on version k
 * is upgraded through the `upgradeFrom` of every registered version above k.
 */
export function createPlanWorkflow<S extends string = PlanState>(versions: readonly MachineVersion[]): PlanWorkflow<S> {
  return createWorkflow<S, PlanEvent>(versions, { name: 'plan', eventTypes: PLAN_EVENT_TYPES });
}
