import fc from 'fast-check';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { createTestModel, getAdjacencyMap, getShortestPaths, type AdjacencyValue } from 'xstate/graph';
import type { AssignmentEvent, AssignmentEventType } from './assignment.events.js';
import type { AssignmentGuard } from './assignment.guards.js';
import type { AssignmentSnapshot } from './assignment.machine.js';
import { assignmentStateOf } from './assignment-state.js';
import type { AssignmentState as AnyAssignmentState } from './assignment.states.js';
import { assignmentMachineV1 } from './assignment-v1.machine.js';
import { createAssignmentWorkflow, type AssignmentStepResult } from './assignment-workflow.js';

/**
 * Version 1 of the assignment machine, pinned: assignments persisted on it must keep reading
 * the same. The current version has its own suite (assignment.machine.spec.ts).
 */
type AssignmentState = Exclude<AnyAssignmentState, 'cancelled'>;
const assignmentMachine = assignmentMachineV1;
const assignmentWorkflow = createAssignmentWorkflow<AssignmentState>([{ version: 1, machine: assignmentMachineV1 }]);

/*
 * The specification, written by hand from the brief and NOT derived from the machine: if
 * the machine drifts, these tests fail.
 */
const STATES: AssignmentState[] = ['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned', 'accepted', 'waived'];
const OPEN: AssignmentState[] = ['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned'];
const FINAL: AssignmentState[] = ['accepted', 'waived'];
const EVENTS: AssignmentEventType[] = [
  'ACKNOWLEDGE',
  'CHILD_DRAFTED',
  'CHILD_DISCARDED',
  'CHILD_ISSUED',
  'REPORT_SUBMITTED',
  'REPORT_ACCEPTED',
  'REPORT_RETURNED',
  'WAIVE',
  'EXTEND',
];
/** The tenth column of the table: a type no assignment accepts (overdue is a database flag, not an event). */
const FOREIGN = 'OVERDUE';
const COLUMNS: string[] = [...EVENTS, FOREIGN];

interface Move {
  to: AssignmentState;
  guard?: AssignmentGuard;
}

/** state → event → move. An event missing from a row is not allowed in that state. */
const SPEC: Record<AssignmentState, Partial<Record<AssignmentEventType, Move>>> = {
  assigned: {
    ACKNOWLEDGE: { to: 'acknowledged' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'assigned', guard: 'validExtension' },
  },
  acknowledged: {
    CHILD_DRAFTED: { to: 'planning', guard: 'ownPlanRequired' },
    REPORT_SUBMITTED: { to: 'reported', guard: 'noOwnPlanRequired' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'acknowledged', guard: 'validExtension' },
  },
  planning: {
    CHILD_DISCARDED: { to: 'acknowledged' },
    CHILD_ISSUED: { to: 'implementing' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'planning', guard: 'validExtension' },
  },
  implementing: {
    REPORT_SUBMITTED: { to: 'reported' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'implementing', guard: 'validExtension' },
  },
  reported: {
    REPORT_ACCEPTED: { to: 'accepted' },
    REPORT_RETURNED: { to: 'returned' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'reported', guard: 'validExtension' },
  },
  returned: {
    REPORT_SUBMITTED: { to: 'reported' },
    WAIVE: { to: 'waived', guard: 'hasReason' },
    EXTEND: { to: 'returned', guard: 'validExtension' },
  },
  accepted: {},
  waived: {},
};

/** The `allowed` list of each state, in canonical order. */
const ALLOWED: Record<AssignmentState, AssignmentEventType[]> = {
  assigned: ['ACKNOWLEDGE', 'WAIVE', 'EXTEND'],
  acknowledged: ['CHILD_DRAFTED', 'REPORT_SUBMITTED', 'WAIVE', 'EXTEND'],
  planning: ['CHILD_DISCARDED', 'CHILD_ISSUED', 'WAIVE', 'EXTEND'],
  implementing: ['REPORT_SUBMITTED', 'WAIVE', 'EXTEND'],
  reported: ['REPORT_ACCEPTED', 'REPORT_RETURNED', 'WAIVE', 'EXTEND'],
  returned: ['REPORT_SUBMITTED', 'WAIVE', 'EXTEND'],
  accepted: [],
  waived: [],
};

/** Every edge of the machine's graph, self-transitions included. */
const EDGES: string[] = [
  'assigned -ACKNOWLEDGE-> acknowledged',
  'assigned -WAIVE-> waived',
  'assigned -EXTEND-> assigned',
  'acknowledged -CHILD_DRAFTED-> planning',
  'acknowledged -REPORT_SUBMITTED-> reported',
  'acknowledged -WAIVE-> waived',
  'acknowledged -EXTEND-> acknowledged',
  'planning -CHILD_DISCARDED-> acknowledged',
  'planning -CHILD_ISSUED-> implementing',
  'planning -WAIVE-> waived',
  'planning -EXTEND-> planning',
  'implementing -REPORT_SUBMITTED-> reported',
  'implementing -WAIVE-> waived',
  'implementing -EXTEND-> implementing',
  'reported -REPORT_ACCEPTED-> accepted',
  'reported -REPORT_RETURNED-> returned',
  'reported -WAIVE-> waived',
  'reported -EXTEND-> reported',
  'returned -REPORT_SUBMITTED-> reported',
  'returned -WAIVE-> waived',
  'returned -EXTEND-> returned',
];

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

/** Oracle for a calendar date, independent of the guard's arithmetic: a UTC round trip through Date. Year 0000 is no date. */
function calendarDate(text: unknown): boolean {
  if (typeof text !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) || text.startsWith('0000')) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** When each guard lets its event through. */
const PASSES: Record<AssignmentGuard, (event: AssignmentEvent) => boolean> = {
  ownPlanRequired: (e) => e.type === 'CHILD_DRAFTED' && e.requiresOwnPlan === true,
  noOwnPlanRequired: (e) => e.type === 'REPORT_SUBMITTED' && e.requiresOwnPlan === false,
  hasReason: (e) => e.type === 'WAIVE' && !blank(e.reason),
  validExtension: (e) => e.type === 'EXTEND' && !blank(e.reason) && calendarDate(e.dueOn),
};

/** What `assignmentWorkflow.step` must answer, per the hand-written specification. */
function expected(state: AssignmentState, event: AssignmentEvent): AssignmentStepResult {
  const row = SPEC[state];
  // Own keys only: random event types include `__proto__`, `valueOf`…
  const move = Object.hasOwn(row, event.type) ? row[event.type] : undefined;
  if (move === undefined) return { ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: ALLOWED[state] };
  if (move.guard !== undefined && !PASSES[move.guard](event)) return { ok: false, reason: 'GUARD_FAILED', state, guard: move.guard };
  return { ok: true, from: state, to: move.to, version: 1 };
}

/** One valid event of each type, plus the foreign column: the payloads every guard accepts. */
const VALID: Record<string, AssignmentEvent> = {
  ACKNOWLEDGE: { type: 'ACKNOWLEDGE' },
  CHILD_DRAFTED: { type: 'CHILD_DRAFTED', requiresOwnPlan: true },
  CHILD_DISCARDED: { type: 'CHILD_DISCARDED' },
  CHILD_ISSUED: { type: 'CHILD_ISSUED' },
  REPORT_SUBMITTED: { type: 'REPORT_SUBMITTED', requiresOwnPlan: false },
  REPORT_ACCEPTED: { type: 'REPORT_ACCEPTED' },
  REPORT_RETURNED: { type: 'REPORT_RETURNED' },
  WAIVE: { type: 'WAIVE', reason: 'The unit was merged into Ban Tuyên giáo và Dân vận.' },
  EXTEND: { type: 'EXTEND', dueOn: '2016-02-29', reason: 'Tết holiday.' },
  [FOREIGN]: { type: FOREIGN } as unknown as AssignmentEvent,
};
const validEvents = EVENTS.map((type) => VALID[type]);
/** The valid events and their refused twins: the graph must show only the transitions the valid ones take. */
const graphEvents: AssignmentEvent[] = [
  ...validEvents,
  { type: 'CHILD_DRAFTED', requiresOwnPlan: false },
  { type: 'REPORT_SUBMITTED', requiresOwnPlan: true },
  { type: 'WAIVE', reason: ' ' },
  { type: 'EXTEND', dueOn: '2016-02-30', reason: 'Tết holiday.' },
  { type: 'EXTEND', dueOn: '2016-03-15', reason: '' },
];

const step = (state: string, event: AssignmentEvent) => assignmentWorkflow.step(state, event);

describe('assignment specification', () => {
  it('is consistent with itself: allowed lists, edges and final states', () => {
    for (const state of STATES) expect(ALLOWED[state]).toEqual(EVENTS.filter((type) => SPEC[state][type] !== undefined));
    const fromSpec = STATES.flatMap((from) => EVENTS.flatMap((type) => (SPEC[from][type] ? [`${from} -${type}-> ${SPEC[from][type].to}`] : [])));
    expect([...fromSpec].sort()).toEqual([...EDGES].sort());
    expect(STATES.filter((state) => ALLOWED[state].length === 0)).toEqual(FINAL);
    for (const state of OPEN) expect(ALLOWED[state]).toEqual(expect.arrayContaining(['WAIVE', 'EXTEND']));
  });
});

describe('assignment machine, model-based (xstate/graph)', () => {
  const paths = getShortestPaths(assignmentMachine, { events: graphEvents });
  const reachable = paths.map((path) => assignmentStateOf(path.state));

  it('reaches exactly the eight specified states', () => {
    expect([...new Set(reachable)].sort()).toEqual([...STATES].sort());
    expect(reachable).toHaveLength(STATES.length);
    expect(assignmentWorkflow.states).toEqual(STATES);
  });

  it('has exactly the specified edges in its adjacency map, self-transitions included', () => {
    const edges = new Set<string>();
    const adjacency: AdjacencyValue<AssignmentSnapshot, AssignmentEvent>[] = Object.values(getAdjacencyMap(assignmentMachine, { events: graphEvents }));
    expect(adjacency).toHaveLength(STATES.length);
    for (const { state, transitions } of adjacency) {
      for (const { event, state: next } of Object.values(transitions)) {
        const from = assignmentStateOf(state);
        const to = assignmentStateOf(next);
        // A refused event leaves the state as it was and is no edge; a taken self-transition is one.
        if (assignmentMachine.getTransitionData(state as AnyMachineSnapshot, event).length > 0) edges.add(`${from} -${event.type}-> ${to}`);
        else expect(to).toBe(from);
      }
    }
    expect([...edges].sort()).toEqual([...EDGES].sort());
  });

  describe.each(paths.map((path) => [assignmentStateOf(path.state) as AssignmentState, path] as const))('from %s', (state, path) => {
    it('is reached by the workflow along the shortest path', () => {
      let current: AssignmentState = 'assigned';
      for (const { event, state: next } of path.steps.slice(1)) {
        const result = step(current, event);
        expect(result).toMatchObject({ ok: true, from: current, to: assignmentStateOf(next) });
        if (result.ok) current = result.to;
      }
      expect(current).toBe(state);
    });

    it.each(COLUMNS)('answers %s as the specification table says', (type) => {
      expect(step(state, VALID[type])).toEqual(expected(state, VALID[type]));
    });

    it('accepts the specified events, in canonical order', () => {
      expect(assignmentWorkflow.accepted(state)).toEqual(ALLOWED[state]);
    });
  });

  it('drives the workflow along every simple path of the test model', async () => {
    const model = createTestModel(assignmentMachine, { events: validEvents });
    const simplePaths = model.getSimplePaths();
    expect(simplePaths.length).toBeGreaterThanOrEqual(STATES.length);
    for (const path of simplePaths) {
      let sut: AssignmentState = 'assigned';
      const move = ({ event }: { event: { type: string } }) => {
        const result = step(sut, event as AssignmentEvent);
        if (!result.ok) throw new Error(`${sut} refused ${event.type}: ${JSON.stringify(result)}`);
        sut = result.to;
      };
      const events = Object.fromEntries(EVENTS.map((type) => [type, move]));
      const states = Object.fromEntries(STATES.map((state) => [state, () => expect(sut).toBe(state)]));
      await path.test({ events, states });
      expect(sut).toBe(assignmentStateOf(path.state));
    }
  });
});

describe('assignment workflow', () => {
  it('answers the whole table: eight states by ten event types', () => {
    const table = STATES.map((state) => COLUMNS.map((type) => step(state, VALID[type])));
    expect(table.flat()).toHaveLength(80);
    expect(table).toEqual(STATES.map((state) => COLUMNS.map((type) => expected(state, VALID[type]))));
    expect(table.flat().filter((result) => result.ok)).toHaveLength(EDGES.length);
  });

  it.each(OPEN)('takes EXTEND in %s as a recorded self-transition: ok, from === to', (state) => {
    expect(step(state, { type: 'EXTEND', dueOn: '2016-03-31', reason: 'Waiting for the district congress.' })).toEqual({ ok: true, from: state, to: state, version: 1 });
    expect(step(state, { type: 'EXTEND', dueOn: '2016-02-30', reason: 'Waiting for the district congress.' })).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state,
      guard: 'validExtension',
    });
  });

  it.each(FINAL)('refuses every event in the final state %s, EXTEND included', (state) => {
    for (const type of COLUMNS) expect(step(state, VALID[type])).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: [] });
  });

  it('reports the machine version of the result, defaulting to the current one', () => {
    expect(assignmentWorkflow.currentVersion).toBe(1);
    expect(assignmentWorkflow.step('assigned', { type: 'ACKNOWLEDGE' }, 1)).toEqual({ ok: true, from: 'assigned', to: 'acknowledged', version: 1 });
  });

  it('throws on corrupt stored data: an unknown version or state', () => {
    expect(() => assignmentWorkflow.step('assigned', { type: 'ACKNOWLEDGE' }, 2)).toThrow(/Unknown assignment machine version 2/);
    expect(() => step('overdue', { type: 'ACKNOWLEDGE' })).toThrow('Assignment state "overdue" does not exist in assignment machine v1');
    expect(() => assignmentWorkflow.accepted('draft.editing')).toThrow(/does not exist in assignment machine v1/);
    expect(() => assignmentWorkflow.restore('')).toThrow(/does not exist/);
  });

  it('hands out allowed lists the caller may not use to corrupt later answers', () => {
    const first = step('assigned', { type: 'CHILD_ISSUED' });
    if (first.ok || first.reason !== 'EVENT_NOT_ALLOWED') throw new Error('expected EVENT_NOT_ALLOWED');
    first.allowed.push('CHILD_ISSUED');
    assignmentWorkflow.accepted('assigned').push('CHILD_ISSUED');
    expect(step('assigned', { type: 'CHILD_ISSUED' })).toMatchObject({ allowed: ['ACKNOWLEDGE', 'WAIVE', 'EXTEND'] });
  });

  it.each(STATES)('restores %s as a fresh snapshot of the assignment machine', (state) => {
    const snapshot = assignmentWorkflow.restore(state);
    expect(snapshot).not.toBe(assignmentWorkflow.restore(state));
    expect(snapshot.machine).toBe(assignmentMachine);
    expect(assignmentStateOf(snapshot)).toBe(state);
    expect(snapshot.status).toBe(FINAL.includes(state) ? 'done' : 'active');
  });

  it('starts in assigned and knows no other state names', () => {
    expect(assignmentStateOf(assignmentMachine.resolveState({ value: 'assigned', context: {} }))).toBe('assigned');
    expect(() => assignmentStateOf({ value: 'overdue' })).toThrow(/Not a state of the assignment machine/);
  });

  it('handles exactly the nine assignment event types', () => {
    expect([...new Set(assignmentMachine.events)].sort()).toEqual([...EVENTS].sort());
  });
});

describe('assignment machine guards', () => {
  it.each<[unknown]>([[false], [undefined], ['true'], [1], [null]])('refuses CHILD_DRAFTED when requiresOwnPlan is %j (ownPlanRequired)', (requiresOwnPlan) => {
    expect(step('acknowledged', { type: 'CHILD_DRAFTED', requiresOwnPlan } as AssignmentEvent)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'acknowledged',
      guard: 'ownPlanRequired',
    });
  });

  it('moves to planning when the unit must write its own plan (ownPlanRequired)', () => {
    expect(step('acknowledged', { type: 'CHILD_DRAFTED', requiresOwnPlan: true })).toEqual({ ok: true, from: 'acknowledged', to: 'planning', version: 1 });
  });

  it.each<[unknown]>([[true], [undefined], ['false'], [0], [null]])(
    'refuses a report straight from acknowledged when requiresOwnPlan is %j (noOwnPlanRequired)',
    (requiresOwnPlan) => {
      expect(step('acknowledged', { type: 'REPORT_SUBMITTED', requiresOwnPlan } as AssignmentEvent)).toEqual({
        ok: false,
        reason: 'GUARD_FAILED',
        state: 'acknowledged',
        guard: 'noOwnPlanRequired',
      });
    },
  );

  it('takes a report straight from acknowledged when no own plan is required, and from implementing or returned whatever the flag', () => {
    expect(step('acknowledged', { type: 'REPORT_SUBMITTED', requiresOwnPlan: false })).toEqual({ ok: true, from: 'acknowledged', to: 'reported', version: 1 });
    for (const from of ['implementing', 'returned'] as const) {
      for (const requiresOwnPlan of [true, false]) {
        expect(step(from, { type: 'REPORT_SUBMITTED', requiresOwnPlan })).toEqual({ ok: true, from, to: 'reported', version: 1 });
      }
    }
  });

  it.each(['', '   ', '\n\t', undefined, 42])('refuses WAIVE with the reason %j in every open state (hasReason)', (reason) => {
    for (const state of OPEN) {
      expect(step(state, { type: 'WAIVE', reason } as AssignmentEvent)).toEqual({ ok: false, reason: 'GUARD_FAILED', state, guard: 'hasReason' });
    }
  });

  it('waives every open state with a reason', () => {
    for (const state of OPEN) expect(step(state, { type: 'WAIVE', reason: 'Tổ chức đã giải thể.' })).toEqual({ ok: true, from: state, to: 'waived', version: 1 });
  });

  it.each([
    '2016-02-30',
    '2015-02-29',
    '2100-02-29',
    '2016-04-31',
    '2016-13-01',
    '2016-00-10',
    '2016-01-00',
    '2016-01-32',
    '0000-01-01',
    '2016-1-5',
    '16-01-05',
    '2016/01/05',
    '05/01/2016',
    '2016-01-05T00:00:00Z',
    ' 2016-01-05',
    '2016-01-05\n',
    '２０１６-01-05',
    '',
    undefined,
    20160105,
  ])('refuses EXTEND to %j (validExtension)', (dueOn) => {
    expect(step('implementing', { type: 'EXTEND', dueOn, reason: 'Tết holiday.' } as AssignmentEvent)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'implementing',
      guard: 'validExtension',
    });
  });

  it.each(['2016-02-29', '2000-02-29', '2024-12-31', '2016-04-30', '0001-01-01', '9999-12-31'])('extends to the calendar date %s (validExtension)', (dueOn) => {
    expect(step('implementing', { type: 'EXTEND', dueOn, reason: 'Tết holiday.' })).toEqual({ ok: true, from: 'implementing', to: 'implementing', version: 1 });
  });

  it.each(['', ' ', undefined])('refuses EXTEND with the reason %j, even to a valid date (validExtension)', (reason) => {
    expect(step('reported', { type: 'EXTEND', dueOn: '2016-03-31', reason } as AssignmentEvent)).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      state: 'reported',
      guard: 'validExtension',
    });
  });

  it('checks the event type before any guard', () => {
    expect(step('assigned', { type: 'CHILD_DRAFTED', requiresOwnPlan: false })).toEqual({
      ok: false,
      reason: 'EVENT_NOT_ALLOWED',
      state: 'assigned',
      allowed: ['ACKNOWLEDGE', 'WAIVE', 'EXTEND'],
    });
  });
});

describe('assignment machine, properties', () => {
  const text = fc.oneof(fc.constantFrom('', ' ', '\t\n', 'ok', 'Đơn vị đã sáp nhập'), fc.string());
  const dueOn = fc.oneof(
    fc.constantFrom('2016-02-29', '2015-02-29', '2016-13-01', '2016-1-5', '0000-01-01', ''),
    fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
      ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    ),
    fc.string(),
  );
  /** Well-formed events of every type, with valid and invalid payloads. */
  const wellFormed: fc.Arbitrary<AssignmentEvent> = fc.oneof(
    fc.constantFrom<AssignmentEvent>(
      { type: 'ACKNOWLEDGE' },
      { type: 'CHILD_DISCARDED' },
      { type: 'CHILD_ISSUED' },
      { type: 'REPORT_ACCEPTED' },
      { type: 'REPORT_RETURNED' },
    ),
    fc.record({ type: fc.constant('CHILD_DRAFTED' as const), requiresOwnPlan: fc.boolean() }),
    fc.record({ type: fc.constant('REPORT_SUBMITTED' as const), requiresOwnPlan: fc.boolean() }),
    fc.record({ type: fc.constant('WAIVE' as const), reason: text }),
    fc.record({ type: fc.constant('EXTEND' as const), dueOn, reason: text }),
  );
  /** Plus malformed payloads and unknown types, as may arrive at run time: refused, never thrown. */
  const anyEvent: fc.Arbitrary<AssignmentEvent> = fc.oneof(
    wellFormed,
    fc.tuple(fc.constantFrom(...EVENTS), fc.dictionary(fc.constantFrom('requiresOwnPlan', 'reason', 'dueOn'), fc.anything())).map(
      ([type, junk]) => ({ ...junk, type }) as unknown as AssignmentEvent,
    ),
    fc
      .oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'valueOf', 'xstate.init', '*', '', FOREIGN, 'SUBMIT', 'ISSUE', 'WITHDRAW'))
      .map((type) => ({ type }) as unknown as AssignmentEvent),
  );

  it('follows the specification for any event sequence from assigned, never leaving the eight states, never throwing', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        let state: AssignmentState = 'assigned';
        for (const event of events) {
          const result = step(state, event);
          expect(result).toEqual(expected(state, event));
          if (result.ok) state = result.to;
          expect(STATES).toContain(state);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with xstate's own pure transition() for every state and well-formed event", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), wellFormed, (state, event) => {
        const [next] = transition(assignmentMachine, assignmentWorkflow.restore(state) as AnyMachineSnapshot, event);
        const result = step(state, event);
        expect(result.ok ? result.to : state).toBe(assignmentStateOf(next));
      }),
      { numRuns: 500 },
    );
  });

  it('lets nothing out of a final state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINAL), anyEvent, (state, event) => {
        expect(assignmentWorkflow.accepted(state)).toEqual([]);
        expect(step(state, event)).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: [] });
      }),
    );
  });

  it('reaches a report only through an issued own plan when one is required, and never plans when none is', () => {
    const kinds = fc.constantFrom<AssignmentEventType>(...EVENTS);
    fc.assert(
      fc.property(fc.boolean(), fc.array(kinds, { maxLength: 40 }), (requiresOwnPlan, types) => {
        let state: AssignmentState = 'assigned';
        const visited = new Set<AssignmentState>([state]);
        for (const type of types) {
          const event = { ...VALID[type], ...(type === 'CHILD_DRAFTED' || type === 'REPORT_SUBMITTED' ? { requiresOwnPlan } : {}) } as AssignmentEvent;
          const result = step(state, event);
          if (result.ok) state = result.to;
          visited.add(state);
          if (state === 'reported' || state === 'accepted') expect(visited.has('implementing')).toBe(requiresOwnPlan);
        }
        if (!requiresOwnPlan) expect(visited.has('planning')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('ends every open assignment with a waiver, whatever happened before', () => {
    fc.assert(
      fc.property(fc.array(wellFormed, { maxLength: 30 }), (events) => {
        let state: AssignmentState = 'assigned';
        for (const event of events) {
          const result = step(state, event);
          if (result.ok) state = result.to;
        }
        const waived = step(state, { type: 'WAIVE', reason: 'Superseded.' });
        expect(waived.ok).toBe(OPEN.includes(state));
      }),
    );
  });
});
