import { and, not, or, setup } from 'xstate';
import { acceptedEventTypes } from './accepted-event-types.js';
import { createWorkflow, type MachineVersion } from './create-workflow.js';

type TestEvent = { type: 'GO' } | { type: 'STAY'; ok: boolean } | { type: 'TOUCH' } | { type: 'BUMP' } | { type: 'RESET' };
const EVENT_TYPES = ['GO', 'STAY', 'TOUCH', 'BUMP', 'RESET'] as const;

/**
 * Every kind of transition the generic step must tell apart: a plain move, a guarded
 * self-transition (target the same state), a re-entering self-transition, a targetless
 * transition, a transition on a compound parent, and one the workflow does not list.
 */
const machine = setup({
  types: {} as { events: TestEvent | { type: 'FOREIGN' } },
  guards: { okay: ({ event }) => event.type === 'STAY' && event.ok, never: () => false },
}).createMachine({
  id: 'test',
  initial: 'a',
  states: {
    a: {
      on: {
        // Machine order differs from EVENT_TYPES order on purpose.
        FOREIGN: { target: 'b' },
        TOUCH: { guard: 'okay' },
        STAY: { target: 'a', guard: 'okay' },
        BUMP: { target: 'a', reenter: true },
        GO: { target: 'b' },
      },
    },
    b: {
      initial: 'first',
      on: { RESET: { target: 'b' }, BUMP: { target: 'done', guard: 'never' } },
      states: {
        first: { on: { GO: { target: 'second' } } },
        second: { on: { STAY: { target: 'second', guard: 'okay' }, TOUCH: {} } },
      },
    },
    done: { type: 'final' },
  },
});

const workflow = createWorkflow<'a' | 'b.first' | 'b.second' | 'done', TestEvent>([{ version: 1, machine }], { name: 'widget', eventTypes: EVENT_TYPES });

describe('createWorkflow', () => {
  it('lists the leaf states in document order and serves the highest version', () => {
    expect(workflow.states).toEqual(['a', 'b.first', 'b.second', 'done']);
    expect(workflow.currentVersion).toBe(1);
    expect(Object.isFrozen(workflow.states)).toBe(true);
  });

  it('takes an enabled self-transition: ok, with from === to', () => {
    expect(workflow.step('a', { type: 'STAY', ok: true })).toEqual({ ok: true, from: 'a', to: 'a', version: 1 });
    expect(workflow.step('a', { type: 'BUMP' })).toEqual({ ok: true, from: 'a', to: 'a', version: 1 });
    expect(workflow.step('b.second', { type: 'STAY', ok: true })).toEqual({ ok: true, from: 'b.second', to: 'b.second', version: 1 });
  });

  it('takes an enabled targetless transition as a self-transition, refuses a guarded one', () => {
    expect(workflow.step('a', { type: 'TOUCH' } as TestEvent)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'a', guard: 'okay' });
    expect(workflow.step('b.second', { type: 'TOUCH' })).toEqual({ ok: true, from: 'b.second', to: 'b.second', version: 1 });
  });

  it('tells a guard that refuses a self-transition from one that lets it through', () => {
    expect(workflow.step('a', { type: 'STAY', ok: false })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'a', guard: 'okay' });
    expect(workflow.step('b.second', { type: 'STAY', ok: false })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'b.second', guard: 'okay' });
    expect(workflow.step('b.first', { type: 'BUMP' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'b.first', guard: 'never' });
  });

  it('re-enters a compound state targeted by its own transition at its initial child', () => {
    // A version designer's pitfall: EXTEND-like self-transitions belong on the leaf, or targetless.
    expect(workflow.step('b.second', { type: 'RESET' })).toEqual({ ok: true, from: 'b.second', to: 'b.first', version: 1 });
  });

  it('accepts the events of a state and of its ancestors, in eventTypes order, never a type it does not list', () => {
    expect(workflow.accepted('a')).toEqual(['GO', 'STAY', 'TOUCH', 'BUMP']);
    expect(workflow.accepted('b.first')).toEqual(['GO', 'BUMP', 'RESET']);
    expect(workflow.accepted('done')).toEqual([]);
    expect(workflow.step('a', { type: 'FOREIGN' } as unknown as TestEvent)).toEqual({
      ok: false,
      reason: 'EVENT_NOT_ALLOWED',
      state: 'a',
      allowed: ['GO', 'STAY', 'TOUCH', 'BUMP'],
    });
    expect(acceptedEventTypes(machine.resolveState({ value: 'a', context: {} }), ['FOREIGN', 'GO'])).toEqual(['FOREIGN', 'GO']);
  });

  it('names the workflow in its errors', () => {
    expect(() => workflow.step('a', { type: 'GO' }, 2)).toThrow('Unknown widget machine version 2');
    expect(() => workflow.step('b', { type: 'GO' })).toThrow('Widget state "b" does not exist in widget machine v1');
    expect(() => createWorkflow([], { name: 'widget', eventTypes: EVENT_TYPES })).toThrow('A widget workflow needs at least one machine version');
    const parallel = setup({}).createMachine({ type: 'parallel', states: { x: {}, y: {} } });
    expect(() => createWorkflow([{ version: 1, machine: parallel }], { name: 'widget', eventTypes: EVENT_TYPES })).toThrow(/Widget machines have no parallel states/);
    const v2: MachineVersion = { version: 2, machine, upgradeFrom: () => 'gone' };
    expect(() => createWorkflow([{ version: 1, machine }, v2], { name: 'widget', eventTypes: EVENT_TYPES }).step('a', { type: 'GO' }, 1)).toThrow(
      'Upgrading widget state "a" from v1 gave "gone", which does not exist in v2',
    );
  });

  it('refuses an event type listed twice', () => {
    expect(() => createWorkflow([{ version: 1, machine }], { name: 'widget', eventTypes: ['GO', 'STAY', 'GO'] })).toThrow(/lists an event type twice/);
  });
});

describe('createWorkflow with guards combined by and([…])', () => {
  type Gate = { type: 'OPEN'; key?: boolean; badge?: boolean; code?: string };
  const gate = setup({
    types: {} as { events: Gate },
    guards: {
      hasKey: ({ event }) => event.key === true,
      hasBadge: ({ event }) => event.badge === true,
      knowsCode: ({ event }, params: { code: string }) => event.code === params.code,
    },
  }).createMachine({
    initial: 'shut',
    states: {
      shut: { on: { OPEN: { target: 'open', guard: and(['hasKey', 'hasBadge', { type: 'knowsCode', params: { code: '1234' } }]) } } },
      open: {},
    },
  });
  const gates = createWorkflow<'shut' | 'open', Gate>([{ version: 1, machine: gate }], { name: 'gate', eventTypes: ['OPEN'] });

  it('names the first part that refuses, in the order the and lists them', () => {
    const refused = (event: Gate) => gates.step('shut', event);
    expect(refused({ type: 'OPEN', code: '1234' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'shut', guard: 'hasKey' });
    expect(refused({ type: 'OPEN', key: true, code: '1234' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'shut', guard: 'hasBadge' });
    expect(refused({ type: 'OPEN', key: true, badge: true, code: '0000' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'shut', guard: 'knowsCode' });
    expect(refused({ type: 'OPEN', key: true, badge: true, code: '1234' })).toEqual({ ok: true, from: 'shut', to: 'open', version: 1 });
  });

  it('falls back to the name of the and when no part can be blamed alone', () => {
    const nested = setup({ types: {} as { events: Gate }, guards: { never: () => false } }).createMachine({
      initial: 'shut',
      states: { shut: { on: { OPEN: { target: 'open', guard: and([not('never'), or(['never'])]) } } }, open: {} },
    });
    const workflow = createWorkflow<'shut' | 'open', Gate>([{ version: 1, machine: nested }], { name: 'gate', eventTypes: ['OPEN'] });
    expect(workflow.step('shut', { type: 'OPEN' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'shut', guard: 'and' });
  });
});
