import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInApp } from '../../test/render';
import type { AuditEntry, MachineGraph } from './machine-path';
import { MachineDiagram } from './MachineDiagram';

const GRAPH: MachineGraph = {
  machine: 'plan',
  version: 2,
  states: [
    { path: 'draft', parent: null, initial: true, final: false },
    { path: 'draft.editing', parent: 'draft', initial: true, final: false },
    { path: 'draft.submitted', parent: 'draft', initial: false, final: false },
    { path: 'draft.returned', parent: 'draft', initial: false, final: false },
    { path: 'issued', parent: null, initial: false, final: false },
    { path: 'withdrawn', parent: null, initial: false, final: true },
    { path: 'discarded', parent: null, initial: false, final: true },
  ],
  transitions: [
    { source: 'draft', target: 'discarded', event: 'DISCARD', guarded: false, internal: false, senders: ['drafter'] },
    { source: 'draft.editing', target: 'draft.submitted', event: 'SUBMIT', guarded: true, internal: false, senders: ['drafter'] },
    { source: 'draft.submitted', target: 'draft.returned', event: 'RETURN', guarded: true, internal: false, senders: ['secretary'] },
    { source: 'draft.returned', target: 'draft.submitted', event: 'SUBMIT', guarded: true, internal: false, senders: ['drafter'] },
    { source: 'draft.submitted', target: 'issued', event: 'ISSUE', guarded: true, internal: false, senders: ['secretary'] },
    { source: 'issued', target: 'withdrawn', event: 'WITHDRAW', guarded: true, internal: false, senders: ['secretary'] },
    { source: 'issued', target: 'issued', event: 'EXTEND', guarded: false, internal: false, senders: ['secretary'] },
  ],
};

const entry = (seq: number, event: string, fromState: string | null, toState: string): AuditEntry => ({
  id: seq, subjectType: 'plan', subjectId: 'p', seq, at: '2026-01-01T00:00:00Z', event, fromState, toState, comment: null, payload: {}, requestId: null, prevHash: null, hash: 'h',
  actor: { userId: null, username: null, name: null, role: null, unitId: null, onBehalfOf: null },
});

const HISTORY = [
  entry(1, 'CREATE', null, 'draft.editing'),
  entry(2, 'SUBMIT', 'draft.editing', 'draft.submitted'),
  entry(3, 'RETURN', 'draft.submitted', 'draft.returned'),
  entry(4, 'SUBMIT', 'draft.returned', 'draft.submitted'),
  entry(5, 'ISSUE', 'draft.submitted', 'issued'),
];

describe('MachineDiagram', () => {
  it('lays the machine out (nested states, an edge from a parent, a self-loop) and marks the path', async () => {
    const { container } = await renderInApp(<MachineDiagram graph={GRAPH} history={HISTORY} />);
    const svg = container.querySelector('svg[role="img"]')!;
    expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
    const node = (id: string) => svg.querySelector(`[data-state="${id}"]`)!;
    expect(node('issued').getAttribute('data-current')).toBe('true');
    expect(node('draft.returned').getAttribute('data-visited')).toBe('true');
    expect(node('withdrawn').getAttribute('data-visited')).toBe('false');
    expect(svg.querySelector('[data-edge="draft.submitted→issued"]')!.getAttribute('data-taken')).toBe('1');
    expect(svg.querySelector('[data-edge="draft→discarded"] path')!.getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+/);
    expect(svg.querySelector('[data-edge="issued→issued"] path')!.getAttribute('d')).not.toContain('NaN');
    expect(svg.innerHTML).not.toContain('NaN');
  });

  it('says the same in words, in the current language', async () => {
    await renderInApp(<MachineDiagram graph={GRAPH} history={HISTORY} />, 'en');
    const list = screen.getByTestId('machine-path-list');
    expect(list.textContent).toContain('Current state: Issued');
    expect(list.textContent).toContain('Awaiting approval → Returned (Returned): 1 times');
    expect(screen.getByRole('img', { name: 'State machine and the path taken' })).toBeTruthy();
  });
});
