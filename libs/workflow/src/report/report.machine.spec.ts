import fc from 'fast-check';
import { setup, transition } from 'xstate';
import { createTestModel, getAdjacencyMap, getShortestPaths, type AdjacencyValue } from 'xstate/graph';
import type { ReportEvent, ReportEventType } from './report.events.js';
import { reportGuards, type ReportGuard } from './report.guards.js';
import { reportMachine, REPORT_MACHINE_VERSION, type ReportSnapshot } from './report.machine.js';
import { reportStateOf } from './report-state.js';
import type { ReportState } from './report.states.js';
import { createReportWorkflow, reportWorkflow, type ReportStepResult } from './report-workflow.js';

/*
 * The specification, written by hand from the brief and NOT derived from the machine: if
 * the machine drifts, these tests fail.
 */
const STATES: ReportState[] = ['draft', 'submitted', 'returned', 'accepted'];
const FINAL: ReportState[] = ['accepted'];
const EVENTS: ReportEventType[] = ['SUBMIT', 'ACCEPT', 'RETURN'];
/** A column no report accepts: plan and assignment event names must not leak into it. */
const FOREIGN = 'ISSUE';
const COLUMNS: string[] = [...EVENTS, FOREIGN];

interface Move {
  to: ReportState;
  guard?: ReportGuard;
}

/** state → event → move. An event missing from a row is not allowed in that state. */
const SPEC: Record<ReportState, Partial<Record<ReportEventType, Move>>> = {
  draft: { SUBMIT: { to: 'submitted', guard: 'reportComplete' } },
  submitted: { ACCEPT: { to: 'accepted' }, RETURN: { to: 'returned', guard: 'hasComment' } },
  returned: { SUBMIT: { to: 'submitted', guard: 'reportComplete' } },
  accepted: {},
};

const ALLOWED: Record<ReportState, ReportEventType[]> = {
  draft: ['SUBMIT'],
  submitted: ['ACCEPT', 'RETURN'],
  returned: ['SUBMIT'],
  accepted: [],
};

const EDGES: string[] = [
  'draft -SUBMIT-> submitted',
  'submitted -ACCEPT-> accepted',
  'submitted -RETURN-> returned',
  'returned -SUBMIT-> submitted',
];

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

/** When each guard lets its event through. */
const PASSES: Record<ReportGuard, (event: ReportEvent) => boolean> = {
  reportComplete: (e) => e.type === 'SUBMIT' && Array.isArray(e.failures) && e.failures.length === 0,
  hasComment: (e) => e.type === 'RETURN' && !blank(e.comment),
};

function expected(state: ReportState, event: ReportEvent): ReportStepResult {
  const row = SPEC[state];
  const move = Object.hasOwn(row, event.type) ? row[event.type] : undefined;
  if (move === undefined) return { ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: ALLOWED[state] };
  if (move.guard !== undefined && !PASSES[move.guard](event)) return { ok: false, reason: 'GUARD_FAILED', state, guard: move.guard };
  return { ok: true, from: state, to: move.to, version: 1 };
}

const VALID: Record<string, ReportEvent> = {
  SUBMIT: { type: 'SUBMIT', failures: [] },
  ACCEPT: { type: 'ACCEPT' },
  RETURN: { type: 'RETURN', comment: 'Bổ sung số liệu buổi phát thanh.' },
  [FOREIGN]: { type: FOREIGN } as unknown as ReportEvent,
};
const validEvents = EVENTS.map((type) => VALID[type]);
const graphEvents: ReportEvent[] = [
  ...validEvents,
  { type: 'SUBMIT', failures: ['RESULTS_REQUIRED'] },
  { type: 'RETURN', comment: '  ' },
];

const step = (state: string, event: ReportEvent) => reportWorkflow.step(state, event);

describe('report specification', () => {
  it('is consistent with itself: allowed lists, edges and final states', () => {
    for (const state of STATES) expect(ALLOWED[state]).toEqual(EVENTS.filter((type) => SPEC[state][type] !== undefined));
    const fromSpec = STATES.flatMap((from) => EVENTS.flatMap((type) => (SPEC[from][type] ? [`${from} -${type}-> ${SPEC[from][type].to}`] : [])));
    expect([...fromSpec].sort()).toEqual([...EDGES].sort());
    expect(STATES.filter((state) => ALLOWED[state].length === 0)).toEqual(FINAL);
  });
});

describe('report machine, model-based (xstate/graph)', () => {
  const paths = getShortestPaths(reportMachine, { events: graphEvents });

  it('reaches exactly the four specified states', () => {
    const reachable = paths.map((path) => reportStateOf(path.state));
    expect([...reachable].sort()).toEqual([...STATES].sort());
    expect(reportWorkflow.states).toEqual(STATES);
  });

  it('has exactly the specified edges in its adjacency map', () => {
    const edges = new Set<string>();
    const adjacency: AdjacencyValue<ReportSnapshot, ReportEvent>[] = Object.values(getAdjacencyMap(reportMachine, { events: graphEvents }));
    expect(adjacency).toHaveLength(STATES.length);
    for (const { state, transitions } of adjacency) {
      for (const { event, state: next } of Object.values(transitions)) {
        const from = reportStateOf(state);
        const to = reportStateOf(next);
        if (reportMachine.getTransitionData(state, event).length > 0) edges.add(`${from} -${event.type}-> ${to}`);
        else expect(to).toBe(from);
      }
    }
    expect([...edges].sort()).toEqual([...EDGES].sort());
  });

  describe.each(paths.map((path) => [reportStateOf(path.state), path] as const))('from %s', (state, path) => {
    it('is reached by the workflow along the shortest path', () => {
      let current: ReportState = 'draft';
      for (const { event, state: next } of path.steps.slice(1)) {
        const result = step(current, event);
        expect(result).toMatchObject({ ok: true, from: current, to: reportStateOf(next) });
        if (result.ok) current = result.to;
      }
      expect(current).toBe(state);
    });

    it.each(COLUMNS)('answers %s as the specification table says', (type) => {
      expect(step(state, VALID[type])).toEqual(expected(state, VALID[type]));
    });

    it('accepts the specified events, in canonical order', () => {
      expect(reportWorkflow.accepted(state)).toEqual(ALLOWED[state]);
    });
  });

  it('drives the workflow along every simple path of the test model', async () => {
    const model = createTestModel(reportMachine, { events: validEvents });
    const simplePaths = model.getSimplePaths();
    // Maximal simple paths (prefixes are not repeated): together they visit every state.
    const visited = new Set(simplePaths.flatMap((path) => path.steps.map((s) => reportStateOf(s.state))));
    expect([...visited].sort()).toEqual([...STATES].sort());
    for (const path of simplePaths) {
      let sut: ReportState = 'draft';
      const move = ({ event }: { event: { type: string } }) => {
        const result = step(sut, event as ReportEvent);
        if (!result.ok) throw new Error(`${sut} refused ${event.type}: ${JSON.stringify(result)}`);
        sut = result.to;
      };
      const events = Object.fromEntries(EVENTS.map((type) => [type, move]));
      const states = Object.fromEntries(STATES.map((state) => [state, () => expect(sut).toBe(state)]));
      await path.test({ events, states });
      expect(sut).toBe(reportStateOf(path.state));
    }
  });
});

describe('report workflow', () => {
  it('answers the whole table: four states by four event types', () => {
    const table = STATES.map((state) => COLUMNS.map((type) => step(state, VALID[type])));
    expect(table).toEqual(STATES.map((state) => COLUMNS.map((type) => expected(state, VALID[type]))));
    expect(table.flat().filter((result) => result.ok)).toHaveLength(EDGES.length);
  });

  it('returns with a comment and takes the revised report again', () => {
    expect(step('submitted', { type: 'RETURN', comment: 'Thiếu số liệu.' })).toEqual({ ok: true, from: 'submitted', to: 'returned', version: 1 });
    expect(step('returned', { type: 'SUBMIT', failures: [] })).toEqual({ ok: true, from: 'returned', to: 'submitted', version: 1 });
  });

  it.each(['', '   ', '\n\t', undefined, 42, null])('refuses RETURN with the comment %j (hasComment)', (comment) => {
    expect(step('submitted', { type: 'RETURN', comment } as unknown as ReportEvent)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'submitted', guard: 'hasComment' });
  });

  it.each<[unknown]>([[['RESULTS_REQUIRED']], [['ASSIGNMENT_NOT_READY', 'RESULTS_REQUIRED']], [undefined], ['none'], [null]])(
    'refuses SUBMIT with the failures %j in draft and returned (reportComplete)',
    (failures) => {
      for (const state of ['draft', 'returned'] as const) {
        expect(step(state, { type: 'SUBMIT', failures } as ReportEvent)).toEqual({ ok: false, reason: 'GUARD_FAILED', state, guard: 'reportComplete' });
      }
    },
  );

  it('refuses every event once accepted', () => {
    for (const type of COLUMNS) expect(step('accepted', VALID[type])).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state: 'accepted', allowed: [] });
  });

  it('checks the event type before any guard', () => {
    expect(step('draft', { type: 'RETURN', comment: '' })).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state: 'draft', allowed: ['SUBMIT'] });
  });

  it('reports the machine version and throws on corrupt stored data', () => {
    expect(reportWorkflow.currentVersion).toBe(REPORT_MACHINE_VERSION);
    expect(() => reportWorkflow.step('draft', VALID.SUBMIT, 2)).toThrow('Unknown report machine version 2');
    expect(() => step('reported', VALID.SUBMIT)).toThrow('Report state "reported" does not exist in report machine v1');
    expect(() => reportStateOf({ value: 'reported' })).toThrow(/Not a state of the report machine/);
  });

  it.each(STATES)('restores %s as a fresh snapshot of the report machine', (state) => {
    const snapshot = reportWorkflow.restore(state);
    expect(snapshot).not.toBe(reportWorkflow.restore(state));
    expect(snapshot.machine).toBe(reportMachine);
    expect(reportStateOf(snapshot)).toBe(state);
    expect(snapshot.status).toBe(FINAL.includes(state) ? 'done' : 'active');
  });

  it('handles exactly the three report event types', () => {
    expect([...new Set(reportMachine.events)].sort()).toEqual([...EVENTS].sort());
  });

  it('upgrades a report stored on v1 to a hypothetical v2 that renames returned to revising', () => {
    const v2 = setup({ types: {} as { events: ReportEvent }, guards: reportGuards }).createMachine({
      id: 'report',
      initial: 'draft',
      states: {
        draft: { on: { SUBMIT: { target: 'submitted', guard: 'reportComplete' } } },
        submitted: { on: { ACCEPT: { target: 'accepted' }, RETURN: { target: 'revising', guard: 'hasComment' } } },
        revising: { on: { SUBMIT: { target: 'submitted', guard: 'reportComplete' } } },
        accepted: { type: 'final' },
      },
    });
    const workflow = createReportWorkflow<ReportState | 'revising'>([
      { version: 1, machine: reportMachine },
      { version: 2, machine: v2, upgradeFrom: (state) => (state === 'returned' ? 'revising' : state) },
    ]);
    expect(workflow.step('returned', VALID.SUBMIT, 1)).toEqual({ ok: true, from: 'revising', to: 'submitted', version: 2 });
    expect(workflow.step('submitted', VALID.RETURN, 1)).toEqual({ ok: true, from: 'submitted', to: 'revising', version: 2 });
    expect(workflow.accepted('returned', 1)).toEqual(['SUBMIT']);
  });
});

describe('report machine, properties', () => {
  const text = fc.oneof(fc.constantFrom('', ' ', '\t\n', 'ok', 'Thiếu số liệu'), fc.string());
  const wellFormed: fc.Arbitrary<ReportEvent> = fc.oneof(
    fc.record({ type: fc.constant('SUBMIT' as const), failures: fc.array(fc.constantFrom('RESULTS_REQUIRED', 'ASSIGNMENT_NOT_READY'), { maxLength: 2 }) }),
    fc.constant<ReportEvent>({ type: 'ACCEPT' }),
    fc.record({ type: fc.constant('RETURN' as const), comment: text }),
  );
  const anyEvent: fc.Arbitrary<ReportEvent> = fc.oneof(
    wellFormed,
    fc.tuple(fc.constantFrom(...EVENTS), fc.dictionary(fc.constantFrom('failures', 'comment'), fc.anything())).map(
      ([type, junk]) => ({ ...junk, type }) as unknown as ReportEvent,
    ),
    fc
      .oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'xstate.init', '*', '', FOREIGN, 'REPORT_SUBMITTED', 'WAIVE'))
      .map((type) => ({ type }) as unknown as ReportEvent),
  );

  it('follows the specification for any event sequence from draft, never throwing', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        let state: ReportState = 'draft';
        for (const event of events) {
          const result = step(state, event);
          expect(result).toEqual(expected(state, event));
          if (result.ok) state = result.to;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with xstate's own pure transition() for every state and well-formed event", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), wellFormed, (state, event) => {
        const [next] = transition(reportMachine, reportWorkflow.restore(state) as ReportSnapshot, event);
        const result = step(state, event);
        expect(result.ok ? result.to : state).toBe(reportStateOf(next));
      }),
      { numRuns: 500 },
    );
  });

  it('reaches accepted only through a submission, and every return is answered by a new submission before acceptance', () => {
    fc.assert(
      fc.property(fc.array(wellFormed, { maxLength: 40 }), (events) => {
        let state: ReportState = 'draft';
        let submissions = 0;
        let returns = 0;
        for (const event of events) {
          const result = step(state, event);
          if (!result.ok) continue;
          if (event.type === 'SUBMIT') submissions++;
          if (event.type === 'RETURN') returns++;
          state = result.to;
          if (state === 'accepted') expect(submissions).toBe(returns + 1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
