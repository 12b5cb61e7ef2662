import { setup, type SnapshotFrom } from 'xstate';
import type { AssignmentEvent } from './assignment.events.js';
import { assignmentGuards } from './assignment.guards.js';

/** Bump when the machine changes shape, and register an `upgradeFrom` for the new version. */
export const ASSIGNMENT_MACHINE_VERSION = 3;

/**
 * The transitions every open state has: the issuer waives the assignment or moves its
 * deadline; its plan's fate ends it (withdrawn, or an amendment that no longer assigns the
 * unit) or carries it over to the amendment. EXTEND and PARENT_AMENDED are self-transitions
 * of the leaf: the step is recorded while the state stays.
 */
function open<S extends string>(self: S) {
  return {
    WAIVE: { target: 'waived', guard: 'hasReason' },
    EXTEND: { target: self, guard: 'validExtension' },
    PARENT_WITHDRAWN: { target: 'cancelled' },
    PARENT_AMENDED: { target: self },
    DROPPED_BY_AMENDMENT: { target: 'cancelled' },
  } as const;
}

/**
 * The tracked assignment (*nhiệm vụ được giao*), v3: assigned → acknowledged → (planning →
 * implementing, when the unit must write its own implementing plan) → reported ⇄ returned
 * → accepted; waived from any open state. The CHILD_* and REPORT_* events follow from the
 * child plan's and the report's own transitions. No context, no actions: the server keeps
 * no actor and moves an assignment with the pure `transition()`.
 *
 * What v2 adds to v1 (`assignment-v1.machine.ts`): `cancelled`, a final state an open
 * assignment reaches when its plan is withdrawn (PARENT_WITHDRAWN) or an amendment of its
 * plan no longer assigns the unit (DROPPED_BY_AMENDMENT); and PARENT_AMENDED, which records
 * that the assignment now belongs to the amendment. All three are the server's. Every v1
 * state exists in v2 with the same meaning, so the upgrade keeps state names.
 *
 * What v3 adds to v2 (`assignment-v2.machine.ts`): CHILD_WITHDRAWN, the server's, which takes
 * an `implementing` assignment back to `acknowledged` when the unit's implementing plan is
 * withdrawn: the unit has no plan in force and must write another. States are unchanged.
 */
export const assignmentMachine = setup({
  types: {} as { events: AssignmentEvent },
  guards: assignmentGuards,
}).createMachine({
  id: 'assignment',
  initial: 'assigned',
  states: {
    assigned: {
      on: { ACKNOWLEDGE: { target: 'acknowledged' }, ...open('assigned') },
    },
    acknowledged: {
      on: {
        CHILD_DRAFTED: { target: 'planning', guard: 'ownPlanRequired' },
        REPORT_SUBMITTED: { target: 'reported', guard: 'noOwnPlanRequired' },
        ...open('acknowledged'),
      },
    },
    planning: {
      on: { CHILD_DISCARDED: { target: 'acknowledged' }, CHILD_ISSUED: { target: 'implementing' }, ...open('planning') },
    },
    implementing: {
      on: { REPORT_SUBMITTED: { target: 'reported' }, CHILD_WITHDRAWN: { target: 'acknowledged' }, ...open('implementing') },
    },
    reported: {
      on: { REPORT_ACCEPTED: { target: 'accepted' }, REPORT_RETURNED: { target: 'returned' }, ...open('reported') },
    },
    returned: {
      on: { REPORT_SUBMITTED: { target: 'reported' }, ...open('returned') },
    },
    accepted: { type: 'final' },
    waived: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export type AssignmentMachine = typeof assignmentMachine;
export type AssignmentSnapshot = SnapshotFrom<AssignmentMachine>;
