import { planMachine } from './plan.machine.js';
import { planStateOf, statePathOf, stateValueOf } from './plan-state.js';
import { PLAN_STATES } from './plan.states.js';
import { restorePlan } from './restore-plan.js';

describe('plan state paths', () => {
  it('turns state values into dotted paths and back', () => {
    expect(statePathOf({ draft: 'editing' })).toBe('draft.editing');
    expect(statePathOf('issued')).toBe('issued');
    expect(statePathOf({ implementing: { underway: 'onTrack' } })).toBe('implementing.underway.onTrack');
    expect(stateValueOf('draft.returned')).toEqual({ draft: 'returned' });
    expect(stateValueOf('reporting')).toBe('reporting');
    expect(stateValueOf('a.b.c')).toEqual({ a: { b: 'c' } });
  });

  it('refuses a parallel value', () => {
    expect(() => statePathOf({ a: 'x', b: 'y' })).toThrow(/exactly one active child/);
  });

  it.each(PLAN_STATES)('restores %s and reads it back', (state) => {
    const snapshot = restorePlan(state);
    expect(planStateOf(snapshot)).toBe(state);
    expect(snapshot.machine).toBe(planMachine);
    expect(snapshot.status).toBe(['reviewed', 'withdrawn', 'superseded', 'discarded'].includes(state) ? 'done' : 'active');
  });

  it('reads the initial state as draft.editing', () => {
    expect(planStateOf(planMachine.resolveState({ value: 'draft', context: {} }))).toBe('draft.editing');
  });

  it('refuses a value that is no plan state', () => {
    expect(() => planStateOf({ value: { draft: 'archived' } })).toThrow(/Not a state of the plan machine/);
  });
});
