import fc from 'fast-check';
import { transition } from 'xstate';
import type { PlanEvent } from './plan.events.js';
import { planStateOf } from './plan-state.js';
import { PLAN_STATES, type PlanState } from './plan.states.js';
import { planMachine } from './plan.machine.js';
import { restorePlan } from './restore-plan.js';
import { stepPlan } from './step-plan.js';

describe('stepPlan', () => {
  it('reports the machine version of the result: the current one, whatever the stored one', () => {
    expect(stepPlan('issued', { type: 'START' })).toEqual({ ok: true, from: 'issued', to: 'implementing', version: 3 });
    expect(stepPlan('issued', { type: 'START' }, 1)).toEqual({ ok: true, from: 'issued', to: 'implementing', version: 3 });
  });

  it('throws on corrupt stored data: an unknown version or state', () => {
    expect(() => stepPlan('issued', { type: 'START' }, 4)).toThrow(/Unknown plan machine version 4/);
    expect(() => stepPlan('superseded', { type: 'START' }, 1)).toThrow(/"superseded" does not exist in plan machine v1/);
    expect(() => stepPlan('issued', { type: 'START' }, 0)).toThrow(/Unknown plan machine version 0/);
    expect(() => stepPlan('archived' as PlanState, { type: 'START' })).toThrow(/"archived" does not exist/);
    // A compound state is not a stored plan state: the leaf is.
    expect(() => stepPlan('draft' as PlanState, { type: 'DISCARD' })).toThrow(/"draft" does not exist/);
    expect(() => restorePlan('draft.archived' as PlanState)).toThrow(/does not exist/);
  });

  it('hands out allowed lists the caller may not use to corrupt later answers', () => {
    const first = stepPlan('issued', { type: 'REVIEW', summary: 'x', assignmentStates: [] });
    if (first.ok || first.reason !== 'EVENT_NOT_ALLOWED') throw new Error('expected EVENT_NOT_ALLOWED');
    first.allowed.push('DISCARD');
    expect(stepPlan('issued', { type: 'REVIEW', summary: 'x', assignmentStates: [] })).toMatchObject({ allowed: ['START', 'WITHDRAW', 'SUPERSEDE'] });
  });

  it('gives a fresh snapshot on every restore', () => {
    expect(restorePlan('issued')).not.toBe(restorePlan('issued'));
  });

  it("agrees with xstate's own pure transition() for every state and event", () => {
    const text = fc.constantFrom('', ' ', 'ok');
    const event: fc.Arbitrary<PlanEvent> = fc.oneof(
      fc.record({ type: fc.constant('SUBMIT' as const), failures: fc.constantFrom([], ['RECIPIENT_REQUIRED']) }),
      fc.record({ type: fc.constant('RETURN' as const), comment: text }),
      fc.record({
        type: fc.constant('ISSUE' as const),
        parentStates: fc.array(fc.constantFrom(...PLAN_STATES), { maxLength: 2 }),
        amendedState: fc.option(fc.constantFrom(...PLAN_STATES), { nil: null }),
        signature: fc.constant({}),
      }),
      fc.constantFrom<PlanEvent>({ type: 'START' }, { type: 'OPEN_REPORTING' }, { type: 'DISCARD' }),
      fc.record({ type: fc.constant('REVIEW' as const), summary: text, assignmentStates: fc.array(fc.constantFrom('accepted', 'waived', 'reported'), { maxLength: 2 }) }),
      fc.record({ type: fc.constant('WITHDRAW' as const), reason: text }),
      fc.record({ type: fc.constant('SUPERSEDE' as const), amendmentId: text }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...PLAN_STATES), event, (state, e) => {
        const [next] = transition(planMachine, restorePlan(state), e);
        const result = stepPlan(state, e);
        expect(result.ok ? result.to : state).toBe(planStateOf(next));
      }),
      { numRuns: 500 },
    );
  });
});
