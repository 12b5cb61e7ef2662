import { setup, type SnapshotFrom } from 'xstate';
import type { PlanEvent } from './plan.events.js';
import { planGuards } from './plan.guards.js';

/** Bump when the machine changes shape, and register an `upgradeFrom` for the new version. */
export const PLAN_MACHINE_VERSION = 1;

/**
 * The plan lifecycle: draft → issued → implementing → reporting → reviewed, plus
 * withdrawal of an issued plan and discarding of a draft. No context, no actions: the
 * server keeps no actor and moves a plan with the pure `transition()`.
 */
export const planMachine = setup({
  types: {} as { events: PlanEvent },
  guards: planGuards,
}).createMachine({
  id: 'plan',
  initial: 'draft',
  states: {
    draft: {
      initial: 'editing',
      on: { DISCARD: { target: 'discarded' } },
      states: {
        editing: {
          on: { SUBMIT: { target: 'submitted', guard: 'planComplete' } },
        },
        submitted: {
          on: {
            RETURN: { target: 'returned', guard: 'hasComment' },
            ISSUE: { target: '#plan.issued', guard: 'parentsLive' },
          },
        },
        returned: {
          on: { SUBMIT: { target: 'submitted', guard: 'planComplete' } },
        },
      },
    },
    issued: {
      on: {
        START: { target: 'implementing' },
        WITHDRAW: { target: 'withdrawn', guard: 'hasReason' },
      },
    },
    implementing: {
      on: {
        OPEN_REPORTING: { target: 'reporting' },
        WITHDRAW: { target: 'withdrawn', guard: 'hasReason' },
      },
    },
    reporting: {
      on: { REVIEW: { target: 'reviewed', guard: 'hasSummary' } },
    },
    reviewed: { type: 'final' },
    withdrawn: { type: 'final' },
    discarded: { type: 'final' },
  },
});

export type PlanMachine = typeof planMachine;
export type PlanSnapshot = SnapshotFrom<PlanMachine>;
