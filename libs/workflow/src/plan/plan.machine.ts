import { and, setup, type SnapshotFrom } from 'xstate';
import type { PlanEvent } from './plan.events.js';
import { planGuards } from './plan.guards.js';

/** Bump when the machine changes shape, and register an `upgradeFrom` for the new version. */
export const PLAN_MACHINE_VERSION = 3;

/**
 * The plan lifecycle (v3): draft → issued → implementing → reporting → reviewed, plus
 * withdrawal of an issued plan, discarding of a draft, and supersession by an amendment.
 * No context, no actions: the server keeps no actor and moves a plan with the pure
 * `transition()`.
 *
 * What v2 adds to v1 (`plan-v1.machine.ts`): `superseded`, a final state an issued,
 * implementing or reporting plan reaches when an amendment of it is issued (SUPERSEDE, sent
 * by the server); REVIEW also needs every tracked assignment settled (`assignmentsSettled`);
 * ISSUE of an amendment needs the plan it amends still live (`amendedLive`). Every v1 state
 * exists in v2 with the same meaning, so the upgrade keeps state names.
 *
 * What v3 adds to v2 (`plan-v2.machine.ts`): REGISTER, by which a draft imported from a
 * document already signed and in force lands in `issued` (or straight in `implementing`)
 * with the number, date and signer it was printed with, instead of being issued again.
 * Every v2 state exists in v3 unchanged, so the upgrade keeps state names.
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
          on: {
            SUBMIT: { target: 'submitted', guard: 'planComplete' },
            // A document already issued, entered as it is: never a new number or date. Only
            // from editing: a draft submitted for signature goes on to ISSUE or RETURN.
            REGISTER: [
              { target: '#plan.implementing', guard: and(['registrationRecorded', 'registersImplementing']) },
              { target: '#plan.issued', guard: 'registrationRecorded' },
            ],
          },
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

export type PlanMachine = typeof planMachine;
export type PlanSnapshot = SnapshotFrom<PlanMachine>;
