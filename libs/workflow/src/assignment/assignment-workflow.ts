import { createWorkflow, type MachineVersion, type Workflow, type WorkflowStepResult } from '../core/create-workflow.js';
import { ASSIGNMENT_EVENT_TYPES, type AssignmentEvent, type AssignmentEventType } from './assignment.events.js';
import { assignmentMachineV1 } from './assignment-v1.machine.js';
import { assignmentMachineV2 } from './assignment-v2.machine.js';
import { assignmentMachine, ASSIGNMENT_MACHINE_VERSION } from './assignment.machine.js';
import type { AssignmentState } from './assignment.states.js';

export type AssignmentStepResult<S extends string = AssignmentState> = WorkflowStepResult<S, AssignmentEventType>;

export type AssignmentWorkflow<S extends string = AssignmentState> = Workflow<S, AssignmentEvent>;

/** The assignment workflow over a registry of assignment machine versions: `createWorkflow` with the assignment's event types. */
export function createAssignmentWorkflow<S extends string = AssignmentState>(versions: readonly MachineVersion[]): AssignmentWorkflow<S> {
  return createWorkflow<S, AssignmentEvent>(versions, { name: 'assignment', eventTypes: ASSIGNMENT_EVENT_TYPES });
}

/**
 * The workflow the server uses to move an assignment: every machine version ever
 * persisted, newest last. `step(state, event, storedVersion)` restores the stored state
 * (upgrading it from `storedVersion`, default the current version), checks the event is
 * accepted there and its guard passes, and reports the outcome; an EXTEND is `ok` with
 * `from === to`. Roles are the caller's business (`ASSIGNMENT_EVENT_ROLES`). Throws only on
 * corrupt stored data.
 */
export const assignmentWorkflow: AssignmentWorkflow = createAssignmentWorkflow([
  { version: 1, machine: assignmentMachineV1 },
  // v2 keeps every v1 state under its name: it only adds `cancelled` and the plan's events.
  { version: 2, machine: assignmentMachineV2, upgradeFrom: (state) => state },
  // v3 keeps every v2 state under its name: it only adds CHILD_WITHDRAWN.
  { version: ASSIGNMENT_MACHINE_VERSION, machine: assignmentMachine, upgradeFrom: (state) => state },
]);
