import { setup } from 'xstate';
import { createPlanWorkflow } from './create-plan-workflow.js';
import { planMachine } from './plan.machine.js';
import { planWorkflow } from './plan-workflow.js';

describe('createPlanWorkflow', () => {
  it('refuses a malformed registry', () => {
    expect(() => createPlanWorkflow([])).toThrow(/at least one machine version/);
    expect(() => createPlanWorkflow([{ version: 0, machine: planMachine }])).toThrow(/positive integer/);
    expect(() => createPlanWorkflow([{ version: 1.5, machine: planMachine }])).toThrow(/positive integer/);
    expect(() =>
      createPlanWorkflow([
        { version: 1, machine: planMachine },
        { version: 1, machine: planMachine },
      ]),
    ).toThrow(/registered twice/);
  });

  it('refuses a machine with parallel states', () => {
    const parallel = setup({}).createMachine({ type: 'parallel', states: { a: {}, b: {} } });
    expect(() => createPlanWorkflow([{ version: 1, machine: parallel }])).toThrow(/no parallel states/);
  });

  it('serves the plan machine as v3 with the ten states', () => {
    expect(planWorkflow.currentVersion).toBe(3);
    expect(planWorkflow.states).toEqual([
      'draft.editing',
      'draft.submitted',
      'draft.returned',
      'issued',
      'implementing',
      'reporting',
      'reviewed',
      'withdrawn',
      'superseded',
      'discarded',
    ]);
  });

  it('tells a refused guard from a taken self-transition', () => {
    const machine = setup({ guards: { never: () => false } }).createMachine({
      initial: 'issued',
      states: { issued: { on: { START: { target: 'issued', reenter: true }, REVIEW: { target: 'issued', guard: 'never' } } } },
    });
    const workflow = createPlanWorkflow<'issued'>([{ version: 1, machine }]);
    expect(workflow.step('issued', { type: 'START' })).toEqual({ ok: true, from: 'issued', to: 'issued', version: 1 });
    expect(workflow.step('issued', { type: 'REVIEW', summary: 'x', assignmentStates: [] })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'issued', guard: 'never' });
  });
});
