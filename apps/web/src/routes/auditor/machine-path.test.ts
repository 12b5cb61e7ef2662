import { describe, expect, it } from 'vitest';
import { machinePath, withParents, type AuditEntry, type MachineGraph } from './machine-path';

const PLAN: MachineGraph = {
  machine: 'plan',
  version: 2,
  states: [
    { path: 'draft', parent: null, initial: true, final: false },
    { path: 'draft.editing', parent: 'draft', initial: true, final: false },
    { path: 'draft.submitted', parent: 'draft', initial: false, final: false },
    { path: 'draft.returned', parent: 'draft', initial: false, final: false },
    { path: 'issued', parent: null, initial: false, final: false },
    { path: 'discarded', parent: null, initial: false, final: true },
  ],
  transitions: [
    { source: 'draft', target: 'discarded', event: 'DISCARD', guarded: false, internal: false, senders: ['drafter'] },
    { source: 'draft.editing', target: 'draft.submitted', event: 'SUBMIT', guarded: true, internal: false, senders: ['drafter'] },
    { source: 'draft.submitted', target: 'draft.returned', event: 'RETURN', guarded: true, internal: false, senders: ['secretary'] },
    { source: 'draft.returned', target: 'draft.submitted', event: 'SUBMIT', guarded: true, internal: false, senders: ['drafter'] },
    { source: 'draft.submitted', target: 'issued', event: 'ISSUE', guarded: true, internal: false, senders: ['secretary'] },
    { source: 'issued', target: 'issued', event: 'EXTEND', guarded: false, internal: false, senders: ['secretary'] },
    { source: 'issued', target: 'issued', event: 'AMEND', guarded: false, internal: false, senders: ['secretary'] },
  ],
};

let seq = 0;
const entry = (event: string, fromState: string | null, toState: string): AuditEntry => ({
  id: seq + 1, subjectType: 'plan', subjectId: 'p', seq: ++seq, at: '2026-01-01T00:00:00Z', event, fromState, toState, comment: null, payload: {}, requestId: null, prevHash: null, hash: 'h',
  actor: { userId: null, username: null, name: null, role: null, unitId: null, onBehalfOf: null },
});

describe('machinePath', () => {
  it('counts each transition taken, marks visited states with their parents, and the current one', () => {
    const path = machinePath(PLAN, [
      entry('CREATE', null, 'draft.editing'),
      entry('EDIT', 'draft.editing', 'draft.editing'),
      entry('SUBMIT', 'draft.editing', 'draft.submitted'),
      entry('RETURN', 'draft.submitted', 'draft.returned'),
      entry('SUBMIT', 'draft.returned', 'draft.submitted'),
      entry('RETURN', 'draft.submitted', 'draft.returned'),
      entry('SUBMIT', 'draft.returned', 'draft.submitted'),
      entry('ISSUE', 'draft.submitted', 'issued'),
      entry('EXTEND', 'issued', 'issued'),
    ]);
    const taken = Object.fromEntries(path.edges.map((e) => [e.id, e.taken]));
    expect(taken).toEqual({
      'draft→discarded': 0,
      'draft.editing→draft.submitted': 1,
      'draft.submitted→draft.returned': 2,
      'draft.returned→draft.submitted': 2,
      'draft.submitted→issued': 1,
      'issued→issued': 1,
    });
    expect([...path.visited].sort()).toEqual(['draft', 'draft.editing', 'draft.returned', 'draft.submitted', 'issued']);
    expect([...path.current]).toEqual(['issued']);
    expect(path.entered).toBe('draft.editing');
    expect(Object.fromEntries(path.other)).toEqual({ EDIT: 1 });
  });

  it('joins the events between the same two states into one edge', () => {
    const loop = machinePath(PLAN, []).edges.find((e) => e.id === 'issued→issued');
    expect(loop?.events).toEqual(['EXTEND', 'AMEND']);
  });

  it('explains leaving a nested state by its parent’s transition', () => {
    const path = machinePath(PLAN, [entry('CREATE', null, 'draft.editing'), entry('DISCARD', 'draft.editing', 'discarded')]);
    expect(path.edges.find((e) => e.id === 'draft→discarded')?.taken).toBe(1);
    expect([...path.current]).toEqual(['discarded']);
  });

  it('has no current state and no start for an empty history', () => {
    const path = machinePath(PLAN, []);
    expect(path.current.size).toBe(0);
    expect(path.entered).toBeNull();
  });
});

describe('withParents', () => {
  it('lists a nested state and its parents, innermost first', () => {
    expect(withParents('a.b.c')).toEqual(['a.b.c', 'a.b', 'a']);
  });
});
