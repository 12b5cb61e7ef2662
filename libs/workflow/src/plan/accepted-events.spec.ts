import { setup } from 'xstate';
import { acceptedEvents } from './accepted-events.js';
import { restorePlan } from './restore-plan.js';

describe('acceptedEvents', () => {
  it('lists the events of a state and of its ancestors, guards ignored', () => {
    expect(acceptedEvents(restorePlan('draft.submitted'))).toEqual(['RETURN', 'ISSUE', 'DISCARD']);
    expect(acceptedEvents(restorePlan('draft.editing'))).toEqual(['SUBMIT', 'DISCARD', 'REGISTER']);
  });

  it('deduplicates and keeps canonical order whatever the machine order, ignoring foreign events', () => {
    const machine = setup({ guards: { no: () => false } }).createMachine({
      initial: 'a',
      on: { DISCARD: '.b', PING: '.b' },
      states: {
        a: { on: { DISCARD: [{ target: 'b', guard: 'no' }, { target: 'b' }], SUBMIT: 'b' } },
        b: { type: 'final' },
      },
    });
    expect(acceptedEvents(machine.resolveState({ value: 'a', context: {} }))).toEqual(['SUBMIT', 'DISCARD']);
  });

  it('lists nothing for a finished plan', () => {
    expect(acceptedEvents(restorePlan('reviewed'))).toEqual([]);
  });
});
