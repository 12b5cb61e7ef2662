import { createPlanWorkflow, type PlanWorkflow } from './create-plan-workflow.js';
import { planMachine, PLAN_MACHINE_VERSION } from './plan.machine.js';

/** The workflow the server uses: every machine version ever persisted, newest last. */
export const planWorkflow: PlanWorkflow = createPlanWorkflow([{ version: PLAN_MACHINE_VERSION, machine: planMachine }]);
