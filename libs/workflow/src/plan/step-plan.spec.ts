import type { PlanState } from './plan.states.js';
import { restorePlan } from './restore-plan.js';
import { stepPlan } from './step-plan.js';

describe('stepPlan', () => {
  it('reports the machine version of the result', () => {
    expect(stepPlan('issued', { type: 'START' })).toEqual({ ok: true, from: 'issued', to: 'implementing', version: 1 });
    expect(stepPlan('issued', { type: 'START' }, 1)).toEqual({ ok: true, from: 'issued', to: 'implementing', version: 1 });
  });

  it('throws on corrupt stored data: an unknown version or state', () => {
    expect(() => stepPlan('issued', { type: 'START' }, 2)).toThrow(/Unknown plan machine version 2/);
    expect(() => stepPlan('issued', { type: 'START' }, 0)).toThrow(/Unknown plan machine version 0/);
    expect(() => stepPlan('archived' as PlanState, { type: 'START' })).toThrow(/"archived" does not exist/);
    // A compound state is not a stored plan state: the leaf is.
    expect(() => stepPlan('draft' as PlanState, { type: 'DISCARD' })).toThrow(/"draft" does not exist/);
    expect(() => restorePlan('draft.archived' as PlanState)).toThrow(/does not exist/);
  });

  it('hands out allowed lists the caller may not use to corrupt later answers', () => {
    const first = stepPlan('issued', { type: 'REVIEW', summary: 'x' });
    if (first.ok || first.reason !== 'EVENT_NOT_ALLOWED') throw new Error('expected EVENT_NOT_ALLOWED');
    first.allowed.push('DISCARD');
    expect(stepPlan('issued', { type: 'REVIEW', summary: 'x' })).toMatchObject({ allowed: ['START', 'WITHDRAW'] });
  });

  it('gives a fresh snapshot on every restore', () => {
    expect(restorePlan('issued')).not.toBe(restorePlan('issued'));
  });
});
