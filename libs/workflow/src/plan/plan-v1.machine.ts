import { setup } from 'xstate';
import type { PlanEvent } from './plan.events.js';
import { planGuards } from './plan.guards.js';

/**
 * Version 1 of the plan lifecycle, as plans were persisted on it: draft → issued →
 * implementing → reporting → reviewed, plus withdrawal of an issued plan and discarding of
 * a draft. Frozen: it stays in the registry so that rows stored on v1 are read and upgraded
 * (`plan.machine.ts` holds the current version). Never change it.
 */
export const planMachineV1 = setup({
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
