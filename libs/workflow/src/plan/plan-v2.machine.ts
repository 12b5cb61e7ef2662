import { and, setup } from 'xstate';
import type { PlanEvent } from './plan.events.js';
import { planGuards } from './plan.guards.js';

/**
 * Version 2 of the plan lifecycle, as plans were persisted on it. Frozen: it stays in the
 * registry so that rows stored on v2 are read and upgraded (`plan.machine.ts` holds the
 * current version). Never change it.
 *
 * The plan lifecycle (v2): draft → issued → implementing → reporting → reviewed, plus
 * withdrawal of an issued plan, discarding of a draft, and supersession by an amendment.
 * No context, no actions: the server keeps no actor and moves a plan with the pure
 * `transition()`.
 *
 * What v2 adds to v1 (`plan-v1.machine.ts`): `superseded`, a final state an issued,
 * implementing or reporting plan reaches when an amendment of it is issued (SUPERSEDE, sent
 * by the server); REVIEW also needs every tracked assignment settled (`assignmentsSettled`);
 * ISSUE of an amendment needs the plan it amends still live (`amendedLive`). Every v1 state
 * exists in v2 with the same meaning, so the upgrade keeps state names.
 */
export const planMachineV2 = setup({
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
            ISSUE: { target: '#plan.issued', guard: and(['parentsLive', 'amendedLive']) },
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
        SUPERSEDE: { target: 'superseded', guard: 'namesAmendment' },
      },
    },
    implementing: {
      on: {
        OPEN_REPORTING: { target: 'reporting' },
        WITHDRAW: { target: 'withdrawn', guard: 'hasReason' },
        SUPERSEDE: { target: 'superseded', guard: 'namesAmendment' },
      },
    },
    reporting: {
      on: {
        // Open work first: a missing summary is the smaller matter.
        REVIEW: { target: 'reviewed', guard: and(['assignmentsSettled', 'hasSummary']) },
        SUPERSEDE: { target: 'superseded', guard: 'namesAmendment' },
      },
    },
    reviewed: { type: 'final' },
    withdrawn: { type: 'final' },
    superseded: { type: 'final' },
    discarded: { type: 'final' },
  },
});

