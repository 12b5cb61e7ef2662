import fc from 'fast-check';
import { createTestModel, getAdjacencyMap, getShortestPaths, type AdjacencyValue } from 'xstate/graph';
import { createPlanWorkflow, type StepResult } from './create-plan-workflow.js';
import type { PlanEvent, PlanEventType } from './plan.events.js';
import type { PlanSnapshot } from './plan.machine.js';
import { planStateOf } from './plan-state.js';
import type { PlanState } from './plan.states.js';
import { planMachineV1 } from './plan-v1.machine.js';

/**
 * Version 1 of the plan machine, pinned: plans persisted on it must keep reading the same.
 * The current version has its own suite (plan.machine.spec.ts).
 */
const planMachine = planMachineV1;
type V1State = Exclude<PlanState, 'superseded'>;
const v1 = createPlanWorkflow<V1State>([{ version: 1, machine: planMachineV1 }]);
const stepPlan = (state: V1State, event: PlanEvent) => v1.step(state, event);
const acceptedEvents = (state: V1State) => v1.accepted(state);

/*
 * The specification, written by hand from the design card and NOT derived from the
 * machine: if the machine drifts, these tests fail.
 */
const STATES: V1State[] = [
  'draft.editing',
  'draft.submitted',
  'draft.returned',
  'issued',
  'implementing',
  'reporting',
  'reviewed',
  'withdrawn',
  'discarded',
];
/** v1 knows SUPERSEDE by type only (the event list is shared across versions): no state accepts it. */
const EVENTS: PlanEventType[] = ['SUBMIT', 'RETURN', 'ISSUE', 'START', 'OPEN_REPORTING', 'REVIEW', 'WITHDRAW', 'DISCARD', 'SUPERSEDE'];
const FINAL: V1State[] = ['reviewed', 'withdrawn', 'discarded'];

/** state → event → target. An event missing from a row is not allowed in that state. */
const SPEC: Record<V1State, Partial<Record<PlanEventType, V1State>>> = {
  'draft.editing': { SUBMIT: 'draft.submitted', DISCARD: 'discarded' },
  'draft.submitted': { RETURN: 'draft.returned', ISSUE: 'issued', DISCARD: 'discarded' },
  'draft.returned': { SUBMIT: 'draft.submitted', DISCARD: 'discarded' },
  issued: { START: 'implementing', WITHDRAW: 'withdrawn' },
  implementing: { OPEN_REPORTING: 'reporting', WITHDRAW: 'withdrawn' },
  reporting: { REVIEW: 'reviewed' },
  reviewed: {},
  withdrawn: {},
  discarded: {},
};

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

/** Event type → the guard that must let it through, with an oracle of when it does. */
const GUARDS: Partial<Record<PlanEventType, { name: string; passes: (event: PlanEvent) => boolean }>> = {
  SUBMIT: { name: 'planComplete', passes: (e) => e.type === 'SUBMIT' && Array.isArray(e.failures) && e.failures.length === 0 },
  RETURN: { name: 'hasComment', passes: (e) => e.type === 'RETURN' && !blank(e.comment) },
  ISSUE: {
    name: 'parentsLive',
    passes: (e) => e.type === 'ISSUE' && Array.isArray(e.parentStates) && e.parentStates.every((s) => s === 'issued' || s === 'implementing' || s === 'reporting'),
  },
  REVIEW: { name: 'hasSummary', passes: (e) => e.type === 'REVIEW' && !blank(e.summary) },
  WITHDRAW: { name: 'hasReason', passes: (e) => e.type === 'WITHDRAW' && !blank(e.reason) },
};

/** What stepPlan must answer, per the hand-written specification. */
function expected(state: V1State, event: PlanEvent): StepResult {
  const row = SPEC[state];
  const allowed = EVENTS.filter((type) => row[type] !== undefined);
  // Own keys only: random event types include `__proto__`, `valueOf`…
  const target = Object.hasOwn(row, event.type) ? row[event.type] : undefined;
  if (target === undefined) return { ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed };
  const guard = Object.hasOwn(GUARDS, event.type) ? GUARDS[event.type] : undefined;
  if (guard && !guard.passes(event)) return { ok: false, reason: 'GUARD_FAILED', state, guard: guard.name };
  return { ok: true, from: state, to: target, version: 1 };
}

const signature = { form: 'T/M', onBehalfOf: 'BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ THƯỜNG TRỰC', name: 'Nguyễn Huy Thắng' };

/** One valid event of each type: the payloads every guard accepts. */
const VALID: Record<PlanEventType, PlanEvent> = {
  SUBMIT: { type: 'SUBMIT', failures: [] },
  RETURN: { type: 'RETURN', comment: 'The report deadline is missing.' },
  ISSUE: { type: 'ISSUE', parentStates: ['issued', 'implementing'], amendedState: null, signature },
  START: { type: 'START' },
  OPEN_REPORTING: { type: 'OPEN_REPORTING' },
  // v1 reviews whatever its assignments' states: it does not read them.
  REVIEW: { type: 'REVIEW', summary: 'All 14 units reported on time.', assignmentStates: ['assigned'] },
  WITHDRAW: { type: 'WITHDRAW', reason: 'Superseded by plan 21-KH/QU.' },
  DISCARD: { type: 'DISCARD' },
  SUPERSEDE: { type: 'SUPERSEDE', amendmentId: '7d0c3c52-8d0a-4b5e-9a57-1c2b3d4e5f60' },
  REGISTER: { type: 'REGISTER', numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', signerName: 'Nguyễn Huy Thắng', today: '2026-12-07', lands: 'issued' },
};
const validEvents = EVENTS.map((type) => VALID[type]);

describe('plan machine, model-based (xstate/graph)', () => {
  const paths = getShortestPaths(planMachine, { events: validEvents });
  const reachable = paths.map((path) => (planStateOf(path.state) as V1State));

  it('reaches exactly the nine specified states', () => {
    expect([...new Set(reachable)].sort()).toEqual([...STATES].sort());
    expect(reachable).toHaveLength(STATES.length);
  });

  it('has exactly the specified edges in its adjacency map', () => {
    const edges = new Set<string>();
    const adjacency: AdjacencyValue<PlanSnapshot, PlanEvent>[] = Object.values(getAdjacencyMap(planMachine, { events: validEvents }));
    for (const { state, transitions } of adjacency) {
      for (const { event, state: next } of Object.values(transitions)) {
        const from = planStateOf(state);
        const to = planStateOf(next);
        if (from !== to) edges.add(`${from} -${event.type}-> ${to}`);
      }
    }
    const specified = STATES.flatMap((from) => Object.entries(SPEC[from]).map(([type, to]) => `${from} -${type}-> ${to}`));
    expect([...edges].sort()).toEqual(specified.sort());
  });

  describe.each(paths.map((path) => [(planStateOf(path.state) as V1State), path] as const))('from %s', (state, path) => {
    it('is reached by stepPlan along the shortest path', () => {
      let current: V1State = 'draft.editing';
      for (const step of path.steps.slice(1)) {
        const result = stepPlan(current, step.event);
        expect(result).toMatchObject({ ok: true, from: current, to: planStateOf(step.state) });
        if (result.ok) current = result.to;
      }
      expect(current).toBe(state);
    });

    it.each(EVENTS)('answers %s as the specification table says', (type) => {
      expect(stepPlan(state, VALID[type])).toEqual(expected(state, VALID[type]));
    });

    it('accepts the specified events, in canonical order', () => {
      expect(acceptedEvents(state)).toEqual(EVENTS.filter((type) => SPEC[state][type] !== undefined));
    });
  });

  it('drives stepPlan along every simple path of the test model', async () => {
    const model = createTestModel(planMachine, { events: validEvents });
    const simplePaths = model.getSimplePaths();
    expect(simplePaths.length).toBeGreaterThanOrEqual(STATES.length);
    for (const path of simplePaths) {
      let sut: V1State = 'draft.editing';
      const move = ({ event }: { event: { type: string } }) => {
        const result = stepPlan(sut, event as PlanEvent);
        if (!result.ok) throw new Error(`${sut} refused ${event.type}: ${JSON.stringify(result)}`);
        sut = result.to;
      };
      const events = Object.fromEntries(EVENTS.map((type) => [type, move]));
      const states = Object.fromEntries(STATES.map((state) => [state, () => expect(sut).toBe(state)]));
      await path.test({ events, states });
      expect(sut).toBe((planStateOf(path.state) as V1State));
    }
  });
});

describe('plan machine guards', () => {
  it('refuses SUBMIT while completeness rules fail (planComplete)', () => {
    for (const from of ['draft.editing', 'draft.returned'] as const) {
      expect(stepPlan(from, { type: 'SUBMIT', failures: ['PURPOSE_REQUIRED'] })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: from, guard: 'planComplete' });
      expect(stepPlan(from, { type: 'SUBMIT', failures: [] })).toEqual({ ok: true, from, to: 'draft.submitted', version: 1 });
    }
  });

  it.each(['', '   ', '\n\t'])('refuses RETURN with a blank comment %j (hasComment)', (comment) => {
    expect(stepPlan('draft.submitted', { type: 'RETURN', comment })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'draft.submitted', guard: 'hasComment' });
  });

  it.each([[['draft.submitted']], [['withdrawn']], [['issued', 'draft.editing']], [['reviewed']], [['discarded']]])(
    'refuses ISSUE when a parent is in %j (parentsLive)',
    (parentStates) => {
      expect(stepPlan('draft.submitted', { type: 'ISSUE', parentStates, amendedState: null, signature })).toEqual({
        ok: false,
        reason: 'GUARD_FAILED',
        state: 'draft.submitted',
        guard: 'parentsLive',
      });
    },
  );

  it.each([[[]], [['issued']], [['implementing', 'reporting']]])('issues when the parents are %j', (parentStates) => {
    expect(stepPlan('draft.submitted', { type: 'ISSUE', parentStates, amendedState: null, signature })).toEqual({ ok: true, from: 'draft.submitted', to: 'issued', version: 1 });
  });

  it('refuses REVIEW without a summary and WITHDRAW without a reason', () => {
    expect(stepPlan('reporting', { type: 'REVIEW', summary: ' ', assignmentStates: [] })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'reporting', guard: 'hasSummary' });
    for (const from of ['issued', 'implementing'] as const) {
      expect(stepPlan(from, { type: 'WITHDRAW', reason: '' })).toEqual({ ok: false, reason: 'GUARD_FAILED', state: from, guard: 'hasReason' });
    }
  });

  it('checks the event type before any guard', () => {
    expect(stepPlan('issued', { type: 'RETURN', comment: '' })).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state: 'issued', allowed: ['START', 'WITHDRAW'] });
  });
});

describe('plan machine, properties', () => {
  const text = fc.oneof(fc.constantFrom('', ' ', '\t\n', 'ok', 'Late units: 3'), fc.string());
  const anyState = fc.constantFrom<string>(...STATES, 'nonsense', '');
  /** Events of every type with valid, invalid and junk payloads, plus unknown types. */
  const anyEvent: fc.Arbitrary<PlanEvent> = fc.oneof(
    fc.record({ type: fc.constant('SUBMIT' as const), failures: fc.oneof(fc.constant([]), fc.array(fc.constantFrom('PURPOSE_REQUIRED', 'RECIPIENT_REQUIRED'), { maxLength: 3 })) }),
    fc.record({ type: fc.constant('RETURN' as const), comment: text }),
    fc.record({ type: fc.constant('ISSUE' as const), parentStates: fc.array(anyState, { maxLength: 3 }), amendedState: fc.option(anyState, { nil: null }), signature: fc.object() }),
    fc.constant({ type: 'START' as const }),
    fc.constant({ type: 'OPEN_REPORTING' as const }),
    fc.record({ type: fc.constant('REVIEW' as const), summary: text, assignmentStates: fc.array(anyState, { maxLength: 3 }) }),
    fc.record({ type: fc.constant('WITHDRAW' as const), reason: text }),
    fc.constant({ type: 'DISCARD' as const }),
    fc.record({ type: fc.constant('SUPERSEDE' as const), amendmentId: text }),
    // Malformed at run time (e.g. a payload that bypassed validation): must be refused, never thrown.
    fc.tuple(fc.constantFrom(...EVENTS), fc.dictionary(fc.constantFrom('failures', 'comment', 'parentStates', 'summary', 'reason'), fc.anything())).map(
      ([type, junk]) => ({ ...junk, type }) as unknown as PlanEvent,
    ),
    fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'valueOf', 'xstate.init', '*', '')).map((type) => ({ type }) as unknown as PlanEvent),
  );

  it('follows the specification for any event sequence from draft.editing, never leaving the nine states, never throwing', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        let state: V1State = 'draft.editing';
        for (const event of events) {
          const result = stepPlan(state, event);
          expect(result).toEqual(expected(state, event));
          if (result.ok) state = result.to;
          expect(STATES).toContain(state);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('moves the happy path to every state when the events are valid', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...validEvents), { maxLength: 40 }), (events) => {
        let state: V1State = 'draft.editing';
        for (const event of events) {
          const result = stepPlan(state, event);
          const target = SPEC[state][event.type];
          expect(result.ok).toBe(target !== undefined);
          if (result.ok) state = result.to;
        }
        expect(STATES).toContain(state);
      }),
    );
  });

  it('lets nothing out of a final state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINAL), anyEvent, (state, event) => {
        expect(acceptedEvents(state)).toEqual([]);
        expect(stepPlan(state, event)).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: [] });
      }),
    );
  });
});
