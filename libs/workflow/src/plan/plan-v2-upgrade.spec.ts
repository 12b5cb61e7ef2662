import { createPlanWorkflow } from './create-plan-workflow.js';
import type { PlanEvent } from './plan.events.js';
import type { PlanState } from './plan.states.js';
import { planMachineV1 } from './plan-v1.machine.js';
import { planWorkflow } from './plan-workflow.js';

/** Rows written while v1 was current: every state v1 has, as a v1 server stored it. */
const v1Only = createPlanWorkflow([{ version: 1, machine: planMachineV1 }]);
const V1_STATES = v1Only.states;

describe('plan machine v1 → v2 → v3 (the server workflow)', () => {
  it('registers every version and serves v3', () => {
    expect(planWorkflow.currentVersion).toBe(3);
    expect(V1_STATES).toHaveLength(9);
    expect(V1_STATES).not.toContain('superseded');
  });

  it.each(V1_STATES)('keeps a v1 %s under its name on v2', (state) => {
    expect(planWorkflow.restore(state, 1).value).toEqual(planWorkflow.restore(state, 2).value);
    // v3 adds REGISTER to the draft states only.
    expect(planWorkflow.accepted(state, 1)).toEqual(planWorkflow.accepted(state, 2));
    expect(planWorkflow.restore(state, 3).value).toEqual(planWorkflow.restore(state, 2).value);
  });

  it('lets a plan issued on v1 be superseded on v2, and stores the result on v2', () => {
    expect(v1Only.accepted('issued')).toEqual(['START', 'WITHDRAW']);
    expect(planWorkflow.accepted('issued', 1)).toEqual(['START', 'WITHDRAW', 'SUPERSEDE']);
    expect(planWorkflow.step('implementing', { type: 'SUPERSEDE', amendmentId: 'b7d5f7c2-0000-4000-8000-000000000001' }, 1)).toEqual({
      ok: true,
      from: 'implementing',
      to: 'superseded',
      version: 3,
    });
  });

  it('holds a plan reporting since v1 to the v2 review rule: open assignments refuse REVIEW', () => {
    const review = (assignmentStates: string[]): PlanEvent => ({ type: 'REVIEW', summary: 'Hoàn thành', assignmentStates });
    expect(v1Only.step('reporting', review(['reported']), 1)).toMatchObject({ ok: true, to: 'reviewed', version: 1 });
    expect(planWorkflow.step('reporting', review(['reported']), 1)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'reporting', guard: 'assignmentsSettled' });
    expect(planWorkflow.step('reporting', review(['accepted', 'waived']), 1)).toEqual({ ok: true, from: 'reporting', to: 'reviewed', version: 3 });
  });

  it('treats superseded stored on v1 as corrupt: v1 never had it', () => {
    expect(() => planWorkflow.step('superseded' as PlanState, { type: 'START' }, 1)).toThrow(/"superseded" does not exist in plan machine v1/);
  });
});
