import { setup } from 'xstate';
import type { MachineVersion } from '../core/create-workflow.js';
import type { AssignmentEvent } from './assignment.events.js';
import { assignmentGuards } from './assignment.guards.js';
import type { AssignmentState } from './assignment.states.js';
import { assignmentMachineV1 } from './assignment-v1.machine.js';
import { assignmentWorkflow, createAssignmentWorkflow } from './assignment-workflow.js';

/**
 * The mechanics of versioning, shown on a hypothetical v2 of the v1 assignment machine (the
 * real v2 and its upgrade are in assignment.machine.spec.ts): `reported` gains a substate `underReview`
 * (where EXTEND now lives, on the leaf, so it stays a self-transition of the leaf), and
 * `returned` is renamed `revising`. Everything else is as in v1.
 */
const assignmentMachineV2 = setup({
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
      initial: 'underReview',
      on: {
        REPORT_ACCEPTED: { target: 'accepted' },
        REPORT_RETURNED: { target: 'revising' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
      },
      states: {
        underReview: { on: { EXTEND: { target: 'underReview', guard: 'validExtension' } } },
      },
    },
    revising: {
      on: {
        REPORT_SUBMITTED: { target: 'reported' },
        WAIVE: { target: 'waived', guard: 'hasReason' },
        EXTEND: { target: 'revising', guard: 'validExtension' },
      },
    },
    accepted: { type: 'final' },
    waived: { type: 'final' },
  },
});

type AssignmentStateV2 = Exclude<AssignmentState, 'reported' | 'returned' | 'cancelled'> | 'reported.underReview' | 'revising';

const V1_TO_V2: Record<string, AssignmentStateV2> = { reported: 'reported.underReview', returned: 'revising' };

const v1: MachineVersion = { version: 1, machine: assignmentMachineV1 };
const onlyV1 = createAssignmentWorkflow([v1]);
const v2: MachineVersion = { version: 2, machine: assignmentMachineV2, upgradeFrom: (state) => V1_TO_V2[state] ?? state };

/** What a row of the assignment table holds. */
interface StoredAssignment {
  state: string;
  machineVersion: number;
}

/** Assignments persisted while v1 was current, moved by the v1 server. */
function persistOnV1(...events: AssignmentEvent[]): StoredAssignment {
  let row: StoredAssignment = { state: 'assigned', machineVersion: 1 };
  for (const event of events) {
    const result = onlyV1.step(row.state, event, row.machineVersion);
    if (!result.ok) throw new Error(`setup: ${JSON.stringify(result)}`);
    row = { state: result.to, machineVersion: result.version };
  }
  return row;
}

const acknowledge: AssignmentEvent = { type: 'ACKNOWLEDGE' };
const drafted: AssignmentEvent = { type: 'CHILD_DRAFTED', requiresOwnPlan: true };
const issued: AssignmentEvent = { type: 'CHILD_ISSUED' };
const report: AssignmentEvent = { type: 'REPORT_SUBMITTED', requiresOwnPlan: true };
const extend: AssignmentEvent = { type: 'EXTEND', dueOn: '2016-03-15', reason: 'The district congress moved.' };

describe('assignment machine versioning', () => {
  const workflow = createAssignmentWorkflow<AssignmentStateV2>([v1, v2]);

  const implementing = persistOnV1(acknowledge, drafted, issued);
  const reported = persistOnV1(acknowledge, drafted, issued, report);
  const returned = persistOnV1(acknowledge, drafted, issued, report, { type: 'REPORT_RETURNED' });

  it('stored the assignments on v1', () => {
    expect([implementing, reported, returned]).toEqual([
      { state: 'implementing', machineVersion: 1 },
      { state: 'reported', machineVersion: 1 },
      { state: 'returned', machineVersion: 1 },
    ]);
  });

  it('is on v2 and knows the v2 states', () => {
    expect(workflow.currentVersion).toBe(2);
    expect(workflow.states).toEqual(['assigned', 'acknowledged', 'planning', 'implementing', 'reported.underReview', 'revising', 'accepted', 'waived']);
  });

  it('moves a v1 implementing on v2, landing in the new substate', () => {
    expect(workflow.step(implementing.state, report, implementing.machineVersion)).toEqual({
      ok: true,
      from: 'implementing',
      to: 'reported.underReview',
      version: 2,
    });
  });

  it('upgrades a v1 reported to reported.underReview, whose events are its own and its parent’s', () => {
    expect(workflow.restore(reported.state, reported.machineVersion).value).toEqual({ reported: 'underReview' });
    expect(workflow.accepted(reported.state, reported.machineVersion)).toEqual(['REPORT_ACCEPTED', 'REPORT_RETURNED', 'WAIVE', 'EXTEND']);
    expect(workflow.step(reported.state, { type: 'REPORT_RETURNED' }, reported.machineVersion)).toEqual({
      ok: true,
      from: 'reported.underReview',
      to: 'revising',
      version: 2,
    });
  });

  it('keeps EXTEND a recorded self-transition on the upgraded state', () => {
    expect(workflow.step(reported.state, extend, reported.machineVersion)).toEqual({
      ok: true,
      from: 'reported.underReview',
      to: 'reported.underReview',
      version: 2,
    });
    expect(workflow.step(returned.state, extend, returned.machineVersion)).toEqual({ ok: true, from: 'revising', to: 'revising', version: 2 });
  });

  it('upgrades a v1 returned to revising before moving it', () => {
    expect(workflow.restore(returned.state, returned.machineVersion).value).toBe('revising');
    expect(workflow.accepted(returned.state, returned.machineVersion)).toEqual(['REPORT_SUBMITTED', 'WAIVE', 'EXTEND']);
    expect(workflow.step(returned.state, report, returned.machineVersion)).toEqual({ ok: true, from: 'revising', to: 'reported.underReview', version: 2 });
  });

  it('keeps the guards and the refusals on v2, reported in v2 states', () => {
    expect(workflow.step(reported.state, { ...extend, dueOn: '2016-02-30' }, reported.machineVersion)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'reported.underReview',
      guard: 'validExtension',
    });
    expect(workflow.step(returned.state, { type: 'WAIVE', reason: '' }, returned.machineVersion)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'revising',
      guard: 'hasReason',
    });
    expect(workflow.step(returned.state, { type: 'REPORT_ACCEPTED' }, returned.machineVersion)).toEqual({
      ok: false,
      reason: 'EVENT_NOT_ALLOWED',
      state: 'revising',
      allowed: ['REPORT_SUBMITTED', 'WAIVE', 'EXTEND'],
    });
  });

  it('moves an assignment stored on v2 without upgrading it', () => {
    expect(workflow.step('revising', report, 2)).toEqual({ ok: true, from: 'revising', to: 'reported.underReview', version: 2 });
    expect(workflow.step('reported.underReview', { type: 'REPORT_ACCEPTED' })).toEqual({ ok: true, from: 'reported.underReview', to: 'accepted', version: 2 });
  });

  it('leaves states v2 did not touch as they were', () => {
    for (const state of ['assigned', 'acknowledged', 'planning', 'implementing', 'accepted', 'waived'] as const) {
      expect(workflow.restore(state, 1).value).toBe(state);
      expect(workflow.accepted(state, 1)).toEqual(onlyV1.accepted(state, 1));
    }
  });

  it('throws on corrupt rows: a state its version never had, an unknown version', () => {
    expect(() => workflow.step('revising', report, 1)).toThrow(/"revising" does not exist in assignment machine v1/);
    expect(() => workflow.step('returned', report, 2)).toThrow(/"returned" does not exist in assignment machine v2/);
    // A compound state is not a stored state: the leaf is.
    expect(() => workflow.step('reported', { type: 'REPORT_ACCEPTED' }, 2)).toThrow(/"reported" does not exist in assignment machine v2/);
    expect(() => workflow.step('assigned', acknowledge, 3)).toThrow(/Unknown assignment machine version 3/);
  });

  it('throws when an upgrade is missing for a state v2 removed', () => {
    const noUpgrade = createAssignmentWorkflow([v1, { version: 2, machine: assignmentMachineV2 }]);
    expect(noUpgrade.step('assigned', acknowledge, 1)).toMatchObject({ ok: true, version: 2 });
    expect(() => noUpgrade.step('returned', report, 1)).toThrow(/gave "returned", which does not exist in v2/);
  });

  it('does not depend on the order the versions are registered in', () => {
    const reversed = createAssignmentWorkflow<AssignmentStateV2>([v2, v1]);
    expect(reversed.step(returned.state, report, 1)).toEqual({ ok: true, from: 'revising', to: 'reported.underReview', version: 2 });
  });

  it('leaves the server workflow alone, which knows nothing of this v2 or of a v4', () => {
    expect(() => assignmentWorkflow.step('revising', report, 2)).toThrow(/"revising" does not exist in assignment machine v2/);
    expect(() => assignmentWorkflow.step('assigned', acknowledge, 4)).toThrow(/Unknown assignment machine version 4/);
  });
});
