import fc from 'fast-check';
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { createTestModel, getAdjacencyMap, getShortestPaths, type AdjacencyValue } from 'xstate/graph';
import type { Workflow, WorkflowStepResult } from './create-workflow.js';
import { machineGraph } from './machine-graph.js';

/** A guard of a cell, with an oracle written by hand of when it lets the event through. */
export interface GuardOracle<E> {
  name: string;
  passes(event: E): boolean;
}

/** Where an event takes a state, and the guards (in the order the refusal names them) it must pass. */
export interface Move<S, E> {
  to: S;
  guards?: readonly GuardOracle<E>[];
  /** Once the guards pass, a target the event's own payload chooses instead of `to` (REGISTER of a plan under way → implementing). */
  instead?: readonly { to: S; when: GuardOracle<E> }[];
}

/**
 * A machine version's specification, written by hand from the brief and NOT derived from
 * the machine: if the machine drifts, the model-based suite fails.
 */
export interface WorkflowModel<S extends string, E extends { type: string }> {
  /** For test names: `plan v2`. */
  name: string;
  machine: AnyStateMachine;
  /** A workflow whose current version is the one specified. */
  workflow: Workflow<S, E>;
  version: number;
  initial: S;
  /** Every leaf state, in document order. */
  states: readonly S[];
  final: readonly S[];
  /** Every event type, in canonical order. */
  eventTypes: readonly E['type'][];
  /** state → event type → move. An event missing from a row is not allowed in that state. */
  table: Record<S, Partial<Record<E['type'], Move<S, E>>>>;
  /** One event of each type that every guard lets through. */
  valid: Record<E['type'], E>;
  /** Refused twins of valid events: the graph must not show them as edges. */
  refused: readonly E[];
  /** Any event: every type with valid, invalid and junk payloads, and unknown types. */
  anyEvent: fc.Arbitrary<E>;
  stateOf(snapshot: { readonly value: StateValue }): S;
}

/** What the workflow must answer for (state, event), per the hand-written table. */
export function expectedStep<S extends string, E extends { type: string }>(model: WorkflowModel<S, E>, state: S, event: E): WorkflowStepResult<S, E['type']> {
  const row = model.table[state];
  const allowed = model.eventTypes.filter((type) => row[type] !== undefined);
  // Own keys only: random event types include `__proto__`, `valueOf`…
  const move: Move<S, E> | undefined = Object.hasOwn(row, event.type) ? row[event.type as E['type']] : undefined;
  if (move === undefined) return { ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed };
  const refusing = (move.guards ?? []).find((guard) => !guard.passes(event));
  if (refusing) return { ok: false, reason: 'GUARD_FAILED', state, guard: refusing.name };
  const chosen = move.instead?.find((branch) => branch.when.passes(event));
  return { ok: true, from: state, to: chosen?.to ?? move.to, version: model.version };
}

/** The model-based suite of one machine version: its graph, its table, and random event sequences. */
export function describeWorkflowModel<S extends string, E extends { type: string }>(model: WorkflowModel<S, E>): void {
  const { machine, workflow, states, eventTypes, table, valid } = model;
  const validEvents = eventTypes.map((type) => valid[type]);
  const graphEvents = [...validEvents, ...model.refused];
  const edges = states.flatMap((from) => eventTypes.flatMap((type) => (table[from][type] ? [`${from} -${type}-> ${table[from][type].to}`] : [])));

  describe(`${model.name}: specification`, () => {
    it('is consistent with itself: final states accept nothing, and only they', () => {
      expect(states.filter((state) => eventTypes.every((type) => table[state][type] === undefined))).toEqual(model.final);
      for (const type of eventTypes) expect(valid[type].type).toBe(type);
    });
  });

  describe(`${model.name}: diagram (machineGraph)`, () => {
    const graph = machineGraph(machine, model.version, {});
    const leavesUnder = (path: string) => states.filter((state) => state === path || state.startsWith(`${path}.`));
    const entered = (path: string): string => {
      const first = graph.states.find((state) => state.parent === path && state.initial);
      return first ? entered(first.path) : path;
    };

    it('has exactly the specified leaf states', () => {
      const leaves = graph.states.filter((state) => !graph.states.some((child) => child.parent === state.path)).map((state) => state.path);
      expect(leaves).toEqual(states);
      expect(graph.states.filter((state) => state.final).map((state) => state.path)).toEqual(model.final);
      expect(entered(graph.states.find((state) => state.parent === null && state.initial)!.path)).toBe(model.initial);
    });

    it("draws exactly the table's moves, guarded where the table has guards", () => {
      const drawn = graph.transitions.flatMap((t) =>
        leavesUnder(t.source).map((from) => `${from} -${t.event}-> ${t.internal ? from : entered(t.target)}${t.guarded ? ' (guarded)' : ''}`),
      );
      const specified = states.flatMap((from) =>
        eventTypes.flatMap((type) => {
          const move = table[from][type];
          if (!move) return [];
          return [`${from} -${type}-> ${move.to}${move.guards?.length ? ' (guarded)' : ''}`, ...(move.instead ?? []).map((b) => `${from} -${type}-> ${b.to} (guarded)`)];
        }),
      );
      expect([...drawn].sort()).toEqual([...specified].sort());
    });
  });

  describe(`${model.name}: model-based (xstate/graph)`, () => {
    const paths = getShortestPaths(machine, { events: graphEvents });

    it('reaches exactly the specified states, and the workflow lists them in document order', () => {
      const reachable = paths.map((path) => model.stateOf(path.state));
      expect([...reachable].sort()).toEqual([...states].sort());
      expect(workflow.states).toEqual(states);
      expect(workflow.currentVersion).toBe(model.version);
    });

    it('has exactly the specified edges in its adjacency map, self-transitions included', () => {
      const found = new Set<string>();
      const adjacency = Object.values(getAdjacencyMap(machine, { events: graphEvents })) as AdjacencyValue<AnyMachineSnapshot, E>[];
      for (const { state, transitions } of adjacency) {
        for (const { event, state: next } of Object.values(transitions)) {
          const from = model.stateOf(state);
          // A refused event leaves the state as it was and is no edge; a taken self-transition is one.
          if (machine.getTransitionData(state, event).length > 0) found.add(`${from} -${event.type}-> ${model.stateOf(next)}`);
          else expect(model.stateOf(next)).toBe(from);
        }
      }
      expect([...found].sort()).toEqual([...edges].sort());
    });

    describe.each(paths.map((path) => [model.stateOf(path.state), path] as const))('from %s', (state, path) => {
      it('is reached by the workflow along the shortest path', () => {
        let current = model.initial;
        for (const { event, state: next } of path.steps.slice(1) as { event: E; state: AnyMachineSnapshot }[]) {
          const result = workflow.step(current, event);
          expect(result).toMatchObject({ ok: true, from: current, to: model.stateOf(next) });
          if (result.ok) current = result.to;
        }
        expect(current).toBe(state);
      });

      it.each([...eventTypes])('answers %s as the specification table says', (type) => {
        expect(workflow.step(state, valid[type as E['type']])).toEqual(expectedStep(model, state, valid[type as E['type']]));
      });

      it('accepts the specified events, in canonical order', () => {
        expect(workflow.accepted(state)).toEqual(eventTypes.filter((type) => table[state][type] !== undefined));
      });
    });

    it('drives the workflow along every simple path of the test model', async () => {
      // Vertices are states, not (state, arriving event) as by default: with several
      // self-transitions per state the default makes the paths combinatorial; the edge and
      // table tests above take every self-transition.
      const simplePaths = createTestModel(machine, { events: validEvents, serializeState: (state) => JSON.stringify(state.value) }).getSimplePaths();
      const visited = new Set(simplePaths.flatMap((path) => path.steps.map((step) => model.stateOf(step.state as AnyMachineSnapshot))));
      expect([...visited].sort()).toEqual([...states].sort());
      for (const path of simplePaths) {
        let sut = model.initial;
        const move = ({ event }: { event: { type: string } }) => {
          const result = workflow.step(sut, event as E);
          if (!result.ok) throw new Error(`${sut} refused ${event.type}: ${JSON.stringify(result)}`);
          sut = result.to;
        };
        await path.test({
          events: Object.fromEntries(eventTypes.map((type) => [type, move])),
          states: Object.fromEntries(states.map((state) => [state, () => expect(sut).toBe(state)])),
        });
        expect(sut).toBe(model.stateOf(path.state));
      }
    });
  });

  describe(`${model.name}: properties`, () => {
    it('answers the whole table, and takes exactly the specified edges', () => {
      const answers = states.map((state) => eventTypes.map((type) => workflow.step(state, valid[type])));
      expect(answers).toEqual(states.map((state) => eventTypes.map((type) => expectedStep(model, state, valid[type]))));
      expect(answers.flat().filter((result) => result.ok)).toHaveLength(edges.length);
    });

    it('follows the specification for any event sequence, never leaving its states, never throwing', () => {
      fc.assert(
        fc.property(fc.array(model.anyEvent, { maxLength: 40 }), (events) => {
          let state = model.initial;
          for (const event of events) {
            const result = workflow.step(state, event);
            expect(result).toEqual(expectedStep(model, state, event));
            if (result.ok) state = result.to;
            expect(states).toContain(state);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('lets nothing out of a final state', () => {
      fc.assert(
        fc.property(fc.constantFrom(...model.final), model.anyEvent, (state, event) => {
          expect(workflow.accepted(state)).toEqual([]);
          expect(workflow.step(state, event)).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: [] });
        }),
      );
    });
  });
}
