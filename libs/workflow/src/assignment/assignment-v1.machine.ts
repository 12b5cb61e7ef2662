import { setup } from 'xstate';
import type { AssignmentEvent } from './assignment.events.js';
import { assignmentGuards } from './assignment.guards.js';

/**
 * Version 1 of the tracked assignment, as assignments were persisted on it. Frozen: it stays
 * in the registry so that rows stored on v1 are read and upgraded (`assignment.machine.ts`
 * holds the current version). Never change it.
 *
 * The tracked assignment (*nhiệm vụ được giao*): assigned → acknowledged → (planning →
 * implementing, when the unit must write its own implementing plan) → reported ⇄ returned
 * → accepted; waived from any open state. EXTEND moves the deadline: a self-transition, so
 * the step is recorded while the state stays. The CHILD_* and REPORT_* events follow from
 * the child plan's and the report's own transitions. No context, no actions: the server
 * keeps no actor and moves an assignment with the pure `transition()`.
 */
export const assignmentMachineV1 = setup({
  types: {} as { events: AssignmentEvent },
  guards: assignmentGuards,
}).createMachine({
  id: 'assignment',
  initial: 'assigned',
  states: {
    assigned: {
      on: {
        ACKNOWLEDGE: { target: 'acknowledged' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'assigned', guard: 'validExtension' },
      },
    },
    acknowledged: {
      on: {
        CHILD_DRAFTED: { target: 'planning', guard: 'ownPlanRequired' },
        REPORT_SUBMITTED: { target: 'reported', guard: 'noOwnPlanRequired' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'acknowledged', guard: 'validExtension' },
      },
    },
    planning: {
      on: {
        CHILD_DISCARDED: { target: 'acknowledged' },
        CHILD_ISSUED: { target: 'implementing' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'planning', guard: 'validExtension' },
      },
    },
    implementing: {
      on: {
        REPORT_SUBMITTED: { target: 'reported' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'implementing', guard: 'validExtension' },
      },
    },
    reported: {
      on: {
        REPORT_ACCEPTED: { target: 'accepted' },
        REPORT_RETURNED: { target: 'returned' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'reported', guard: 'validExtension' },
      },
    },
    returned: {
      on: {
        REPORT_SUBMITTED: { target: 'reported' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'returned', guard: 'validExtension' },
      },
    },
    accepted: { type: 'final' },
    waived: { type: 'final' },
  },
});
