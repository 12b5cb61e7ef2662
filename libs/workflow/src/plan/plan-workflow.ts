import { createPlanWorkflow, type PlanWorkflow } from './create-plan-workflow.js';
import { planMachineV1 } from './plan-v1.machine.js';
import { planMachineV2 } from './plan-v2.machine.js';
import { planMachine, PLAN_MACHINE_VERSION } from './plan.machine.js';

/**
 * The workflow the server uses: every machine version ever persisted, newest last. v2 keeps
 * every v1 state under its name (it only adds `superseded` and guards), so its upgrade is
 * the identity.
 */
export const planWorkflow: PlanWorkflow = createPlanWorkflow([
  { version: 1, machine: planMachineV1 },
  { version: 2, machine: planMachineV2, upgradeFrom: (state) => state },
  // v3 only adds REGISTER from a draft: every v2 state keeps its name.
  { version: PLAN_MACHINE_VERSION, machine: planMachine, upgradeFrom: (state) => state },
]);
