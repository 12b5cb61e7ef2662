import { setup } from 'xstate';
import { createPlanWorkflow, type MachineVersion } from './create-plan-workflow.js';
import type { PlanEvent } from './plan.events.js';
import { planGuards } from './plan.guards.js';
import type { PlanState } from './plan.states.js';
import { planMachineV1 } from './plan-v1.machine.js';
import { stepPlan } from './step-plan.js';

/**
 * The mechanics of versioning, shown on a hypothetical v2 of the v1 plan machine (the real
 * v2 is upgraded in plan-v2-upgrade.spec.ts): `draft.returned` is renamed `draft.revising`,
 * and `implementing` gains a substate `underway`. Everything else is as in v1.
 */
const planMachineV2 = setup({
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
        editing: { on: { SUBMIT: { target: 'submitted', guard: 'planComplete' } } },
        submitted: {
          on: {
            RETURN: { target: 'revising', guard: 'hasComment' },
            ISSUE: { target: '#plan.issued', guard: 'parentsLive' },
          },
        },
        revising: { on: { SUBMIT: { target: 'submitted', guard: 'planComplete' } } },
      },
    },
    issued: {
      on: {
        START: { target: 'implementing' },
        WITHDRAW: { target: 'withdrawn', guard: 'hasReason' },
      },
    },
    implementing: {
      initial: 'underway',
      on: {
        OPEN_REPORTING: { target: 'reporting' },
        WITHDRAW: { target: 'withdrawn', guard: 'hasReason' },
      },
      states: { underway: {} },
    },
    reporting: { on: { REVIEW: { target: 'reviewed', guard: 'hasSummary' } } },
    reviewed: { type: 'final' },
    withdrawn: { type: 'final' },
    discarded: { type: 'final' },
  },
});

type PlanStateV2 = Exclude<PlanState, 'draft.returned' | 'implementing' | 'superseded'> | 'draft.revising' | 'implementing.underway';

const V1_TO_V2: Record<string, PlanStateV2> = { 'draft.returned': 'draft.revising', implementing: 'implementing.underway' };

const v1: MachineVersion = { version: 1, machine: planMachineV1 };
const onlyV1 = createPlanWorkflow([v1]);
const v2: MachineVersion = { version: 2, machine: planMachineV2, upgradeFrom: (state) => V1_TO_V2[state] ?? state };

/** What a row of the plan table holds. */
interface StoredPlan {
  state: string;
  machineVersion: number;
}

/** Plans persisted while v1 was current, moved by the v1 server. */
function persistOnV1(...events: PlanEvent[]): StoredPlan {
  let row: StoredPlan = { state: 'draft.editing', machineVersion: 1 };
  for (const event of events) {
    const result = onlyV1.step(row.state as PlanState, event, row.machineVersion);
    if (!result.ok) throw new Error(`setup: ${JSON.stringify(result)}`);
    row = { state: result.to, machineVersion: result.version };
  }
  return row;
}

const submit: PlanEvent = { type: 'SUBMIT', failures: [] };
const issue: PlanEvent = { type: 'ISSUE', parentStates: [], amendedState: null, signature: { form: 'T/M' } };

describe('plan machine versioning', () => {
  const workflow = createPlanWorkflow<PlanStateV2>([v1, v2]);

  const submitted = persistOnV1(submit);
  const returned = persistOnV1(submit, { type: 'RETURN', comment: 'Add the report deadline.' });
  const implementing = persistOnV1(submit, issue, { type: 'START' });

  it('stored the plans on v1', () => {
    expect([submitted, returned, implementing]).toEqual([
      { state: 'draft.submitted', machineVersion: 1 },
      { state: 'draft.returned', machineVersion: 1 },
      { state: 'implementing', machineVersion: 1 },
    ]);
  });

  it('is on v2 and knows the v2 states', () => {
    expect(workflow.currentVersion).toBe(2);
    expect(workflow.states).toEqual([
      'draft.editing',
      'draft.submitted',
      'draft.revising',
      'issued',
      'implementing.underway',
      'reporting',
      'reviewed',
      'withdrawn',
      'discarded',
    ]);
  });

  it('moves a v1 draft.submitted on v2, landing in the renamed state', () => {
    expect(workflow.step(submitted.state, { type: 'RETURN', comment: 'Missing recipients.' }, submitted.machineVersion)).toEqual({
      ok: true,
      from: 'draft.submitted',
      to: 'draft.revising',
      version: 2,
    });
  });

  it('upgrades a v1 draft.returned to draft.revising before moving it', () => {
    expect(workflow.accepted(returned.state, returned.machineVersion)).toEqual(['SUBMIT', 'DISCARD']);
    expect(workflow.step(returned.state, submit, returned.machineVersion)).toEqual({ ok: true, from: 'draft.revising', to: 'draft.submitted', version: 2 });
  });

  it('restores a v1 implementing into the new substate and moves it on', () => {
    expect(workflow.restore(implementing.state, implementing.machineVersion).value).toEqual({ implementing: 'underway' });
    expect(workflow.accepted(implementing.state, implementing.machineVersion)).toEqual(['OPEN_REPORTING', 'WITHDRAW']);
    expect(workflow.step(implementing.state, { type: 'OPEN_REPORTING' }, implementing.machineVersion)).toEqual({
      ok: true,
      from: 'implementing.underway',
      to: 'reporting',
      version: 2,
    });
  });

  it('keeps the guards and the refusals on v2, reported in v2 states', () => {
    expect(workflow.step(implementing.state, { type: 'WITHDRAW', reason: ' ' }, implementing.machineVersion)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'implementing.underway',
      guard: 'hasReason',
    });
    expect(workflow.step(returned.state, { type: 'ISSUE', parentStates: [], amendedState: null, signature: {} }, returned.machineVersion)).toEqual({
      ok: false,
      reason: 'EVENT_NOT_ALLOWED',
      state: 'draft.revising',
      allowed: ['SUBMIT', 'DISCARD'],
    });
  });

  it('moves a plan stored on v2 without upgrading it', () => {
    expect(workflow.step('draft.revising', submit, 2)).toEqual({ ok: true, from: 'draft.revising', to: 'draft.submitted', version: 2 });
    expect(workflow.step('implementing.underway', { type: 'OPEN_REPORTING' })).toEqual({ ok: true, from: 'implementing.underway', to: 'reporting', version: 2 });
  });

  it('leaves states v2 did not touch as they were', () => {
    for (const state of ['draft.editing', 'issued', 'reporting', 'reviewed'] as const) {
      expect(workflow.restore(state, 1).value).toEqual(planMachineV1.resolveState({ value: state.includes('.') ? { draft: 'editing' } : state, context: {} }).value);
    }
  });

  it('throws on corrupt rows: a state its version never had, an unknown version', () => {
    expect(() => workflow.step('draft.revising', submit, 1)).toThrow(/"draft.revising" does not exist in plan machine v1/);
    expect(() => workflow.step('draft.returned', submit, 2)).toThrow(/"draft.returned" does not exist in plan machine v2/);
    expect(() => workflow.step('implementing', { type: 'OPEN_REPORTING' }, 2)).toThrow(/does not exist in plan machine v2/);
    expect(() => workflow.step('issued', { type: 'START' }, 3)).toThrow(/Unknown plan machine version 3/);
  });

  it('throws when an upgrade is missing for a state v2 removed', () => {
    const noUpgrade = createPlanWorkflow([v1, { version: 2, machine: planMachineV2 }]);
    expect(noUpgrade.step('issued', { type: 'START' }, 1)).toMatchObject({ ok: true, version: 2 });
    expect(() => noUpgrade.step('draft.returned', submit, 1)).toThrow(/gave "draft.returned", which does not exist in v2/);
  });

  it('does not depend on the order the versions are registered in', () => {
    const reversed = createPlanWorkflow<PlanStateV2>([v2, v1]);
    expect(reversed.step(returned.state, submit, 1)).toEqual({ ok: true, from: 'draft.revising', to: 'draft.submitted', version: 2 });
  });

  it('leaves the server workflow alone, which knows nothing of this v2 or of a v4', () => {
    expect(() => stepPlan('draft.revising' as PlanState, submit, 2)).toThrow(/"draft.revising" does not exist in plan machine v2/);
    expect(() => stepPlan('issued', { type: 'START' }, 4)).toThrow(/Unknown plan machine version 4/);
  });
});
