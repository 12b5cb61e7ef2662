import { and, createActor, getNextTransitions, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { acceptedEventTypes } from './accepted-event-types.js';
import { statePathOf, stateValueOf } from './state-path.js';

/**
 * One version of a workflow machine. XState v5 does not version persisted snapshots, so
 * each stored row carries the version its state was written on, and `upgradeFrom` maps a
 * state of the previous registered version to a state of this one.
 */
export interface MachineVersion {
  version: number;
  machine: AnyStateMachine;
  upgradeFrom?: (previousState: string) => string;
}

/**
 * The outcome of one step. `from`, `to` and `state` are all on the current machine
 * version: a state stored on an older version is upgraded before it is moved. A taken
 * self-transition is `ok: true` with `from === to`.
 */
export type WorkflowStepResult<S extends string, T extends string> =
  | { ok: true; from: S; to: S; version: number }
  | { ok: false; reason: 'EVENT_NOT_ALLOWED'; state: S; allowed: T[] }
  | { ok: false; reason: 'GUARD_FAILED'; state: S; guard: string };

export interface Workflow<S extends string, E extends { type: string }> {
  /** The version every result is on. */
  readonly currentVersion: number;
  /** The leaf states of the current machine, as dotted paths, in document order. */
  readonly states: readonly S[];
  /** Moves a stored row. Throws only on corrupt input: an unknown version, or a state its version does not have. */
  step(state: string, event: E, storedVersion?: number): WorkflowStepResult<S, E['type']>;
  /** A snapshot of the current machine for a stored state (upgraded if need be). */
  restore(state: string, storedVersion?: number): AnyMachineSnapshot;
  /** The event types the stored state accepts on the current machine, guards ignored, in `eventTypes` order. */
  accepted(state: string, storedVersion?: number): E['type'][];
}

export interface WorkflowOptions<T extends string> {
  /** What the machine moves, for error messages: `plan` gives "Unknown plan machine version 3". */
  name: string;
  /** Every event type, in the canonical order of `allowed` and `accepted`. Types the machine handles but this omits are never accepted. */
  eventTypes: readonly T[];
}

/** A stored (version, state) resolved once on the current machine; everything the hot path needs. */
interface Resolved<S extends string, T extends string> {
  state: S;
  snapshot: AnyMachineSnapshot;
  accepted: readonly T[];
  acceptedTypes: ReadonlySet<string>;
  /** Event type → the guard on its first guarded candidate transition. */
  guards: ReadonlyMap<string, unknown>;
}

/**
 * Builds a workflow over a registry of machine versions. The highest version is the
 * current one; a state stored on version k is upgraded through the `upgradeFrom` of every
 * registered version above k (a version without `upgradeFrom` keeps state names).
 *
 * Workflow machines are pure (no context, invocations, delays or side effects), so a move
 * is the machine's own pure `transition(snapshot, event, scope)`: the function xstate's
 * `transition()` delegates to. xstate's `transition()` builds a throwaway actor for its
 * scope on every call (≈25 µs, most of its cost); here one inert scope is built per
 * workflow and reused, so no actor is created, started or kept per move. Each
 * (version, state) is resolved once and cached. Actions are not collected: workflow
 * machines have none and a step reports states only.
 *
 * A step is refused with EVENT_NOT_ALLOWED when no transition of the state (or of its
 * ancestors) handles the event type, and with GUARD_FAILED when some do but every guard
 * refuses; the refusal names the guard of the first guarded candidate, or, for an
 * `and([…])` of guards, its first part that refuses. Any enabled transition is taken and
 * reported `ok`, a self-transition included.
 */
export function createWorkflow<S extends string, E extends { type: string }>(
  versions: readonly MachineVersion[],
  options: WorkflowOptions<E['type']>,
): Workflow<S, E> {
  const { name, eventTypes } = options;
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  if (versions.length === 0) throw new Error(`A ${name} workflow needs at least one machine version`);
  if (new Set(eventTypes).size !== eventTypes.length) throw new Error(`The ${name} workflow lists an event type twice`);
  const registry = [...versions].sort((a, b) => a.version - b.version);
  registry.forEach((entry, i) => {
    if (!Number.isSafeInteger(entry.version) || entry.version < 1) throw new Error(`Machine version must be a positive integer, got ${entry.version}`);
    if (i > 0 && registry[i - 1].version === entry.version) throw new Error(`Machine version ${entry.version} is registered twice`);
  });
  const leafStates = registry.map((entry) => leafStatesOf(entry.machine, Name));
  const current = registry[registry.length - 1];
  const { machine } = current;
  const ordered = Object.freeze([...eventTypes]);
  const cache = new Map<string, Resolved<S, E['type']>>();
  const scope = inertScope(machine);

  function upgrade(state: string, storedVersion: number): S {
    const index = registry.findIndex((entry) => entry.version === storedVersion);
    if (index < 0) throw new Error(`Unknown ${name} machine version ${String(storedVersion)}`);
    if (!leafStates[index].has(state)) throw new Error(`${Name} state "${state}" does not exist in ${name} machine v${storedVersion}`);
    let upgraded = state;
    for (let i = index + 1; i < registry.length; i++) {
      const { upgradeFrom, version } = registry[i];
      if (upgradeFrom) upgraded = upgradeFrom(upgraded);
      if (!leafStates[i].has(upgraded)) throw new Error(`Upgrading ${name} state "${state}" from v${storedVersion} gave "${upgraded}", which does not exist in v${version}`);
    }
    return upgraded as S;
  }

  function snapshotOf(state: S): AnyMachineSnapshot {
    return machine.resolveState({ value: stateValueOf(state), context: {} });
  }

  function resolve(state: string, storedVersion: number): Resolved<S, E['type']> {
    const key = `${storedVersion}:${state}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const upgraded = upgrade(state, storedVersion);
    const snapshot = snapshotOf(upgraded);
    const accepted = Object.freeze(acceptedEventTypes(snapshot, ordered));
    const guards = new Map<string, unknown>();
    for (const candidate of getNextTransitions(snapshot)) {
      if (candidate.guard !== undefined && !guards.has(candidate.eventType)) guards.set(candidate.eventType, candidate.guard);
    }
    const resolved: Resolved<S, E['type']> = { state: upgraded, snapshot, accepted, acceptedTypes: new Set(accepted), guards };
    cache.set(key, resolved);
    return resolved;
  }

  return {
    currentVersion: current.version,
    states: Object.freeze([...leafStates[leafStates.length - 1]] as S[]),
    step(state, event, storedVersion = current.version) {
      const from = resolve(state, storedVersion);
      if (!from.acceptedTypes.has(event.type)) {
        return { ok: false, reason: 'EVENT_NOT_ALLOWED', state: from.state, allowed: [...from.accepted] };
      }
      // The event is accepted here, so no enabled transition means every guard refused. An
      // enabled self-transition is a transition: it is taken, and `to` equals `from`.
      if (machine.getTransitionData(from.snapshot, event).length === 0) {
        const guard = from.guards.get(event.type);
        return { ok: false, reason: 'GUARD_FAILED', state: from.state, guard: guard === undefined ? 'unknown' : refusedGuard(machine, guard, event) };
      }
      const next = machine.transition(from.snapshot, event, scope);
      return { ok: true, from: from.state, to: statePathOf(next.value) as S, version: current.version };
    },
    restore(state, storedVersion = current.version) {
      // A fresh snapshot: the cached one is never handed out.
      return snapshotOf(resolve(state, storedVersion).state);
    },
    accepted(state, storedVersion = current.version) {
      return [...resolve(state, storedVersion).accepted];
    },
  };
}

/**
 * What xstate's `transition()` passes to the machine (its `createInertActorScope`), built
 * once: `self` is an actor that is never started, only a handle the machine may name.
 */
function inertScope(machine: AnyStateMachine): AnyActorScope {
  const self = createActor(machine);
  const ignore = (): void => undefined;
  return { self, id: '', sessionId: '', logger: ignore, defer: ignore, emit: ignore, stopChild: ignore, system: self.system, actionExecutor: ignore };
}

/** The dotted paths of a machine's leaf (atomic and final) states, in document order. */
function leafStatesOf(machine: AnyStateMachine, Name: string): Set<string> {
  const leaves = new Set<string>();
  const visit = (node: AnyStateNode): void => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (node.type === 'parallel') throw new Error(`${Name} machines have no parallel states (${node.id})`);
    if (children.length === 0) {
      if (node.type !== 'history') leaves.add(node.path.join('.'));
      return;
    }
    children.forEach(visit);
  };
  visit(machine.root);
  return leaves;
}

/** xstate's `and([…])` guards all share one `check` function: how an `and` is told from other guards. */
const AND_CHECK: unknown = (and([]) as unknown as { check: unknown }).check;

interface AndGuard {
  check: unknown;
  guards: unknown[];
}

function isAnd(guard: unknown): guard is AndGuard {
  return typeof guard === 'function' && (guard as Partial<AndGuard>).check === AND_CHECK && Array.isArray((guard as Partial<AndGuard>).guards);
}

/**
 * The guard a refusal names: for an `and` of guards, the first of its parts that refuses the
 * event (so a transition guarded by several rules says which one failed); otherwise the
 * guard's own name.
 */
function refusedGuard(machine: AnyStateMachine, guard: unknown, event: { type: string }): string {
  if (isAnd(guard)) {
    const refusing = guard.guards.find((part) => passes(machine, part, event) === false);
    if (refusing !== undefined) return refusedGuard(machine, refusing, event);
  }
  return guardName(guard);
}

/** Evaluates a named or inline guard of a context-free machine; undefined for guards it cannot evaluate alone (`or`, `not`, `stateIn`). */
function passes(machine: AnyStateMachine, guard: unknown, event: { type: string }): boolean | undefined {
  if (isAnd(guard)) return guard.guards.every((part) => passes(machine, part, event) !== false);
  const name = typeof guard === 'string' ? guard : typeof guard === 'object' && guard !== null && 'type' in guard ? guard.type : undefined;
  const params = typeof guard === 'object' && guard !== null && 'params' in guard ? guard.params : undefined;
  const implementation: unknown = typeof name === 'string' ? (machine.implementations.guards as Record<string, unknown>)[name] : guard;
  if (typeof implementation !== 'function' || 'check' in implementation) return undefined;
  return Boolean((implementation as (args: { context: object; event: { type: string } }, params: unknown) => unknown)({ context: {}, event }, params));
}

function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline';
  if (typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'unknown';
}
