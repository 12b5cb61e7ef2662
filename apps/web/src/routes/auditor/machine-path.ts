import type { components } from '../../api/schema';

export type MachineGraph = components['schemas']['MachineGraphDto'];
export type AuditEntry = components['schemas']['AuditEntryDto'];
export type MachineKind = MachineGraph['machine'];

/** Transitions between the same two states drawn as one edge, its events listed together. */
export interface Edge {
  id: string;
  source: string;
  target: string;
  events: string[];
  /** How many history entries took this edge. */
  taken: number;
}

export interface MachinePath {
  edges: Edge[];
  /** Every state the subject has been in, parents of nested states included. */
  visited: Set<string>;
  /** The state now (the last entry's), with its parents: all drawn filled. */
  current: Set<string>;
  /** The state the first entry (CREATE, ASSIGN) entered: drawn with the start arrow. */
  entered: string | null;
  /** Entries no transition of the graph explains (edits, or a past machine version's events), by event. */
  other: Map<string, number>;
}

/** `draft.editing` and its parents: `draft.editing`, `draft`. */
export function withParents(state: string): string[] {
  const parts = state.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

const within = (state: string, ancestor: string) => state === ancestor || state.startsWith(`${ancestor}.`);

/**
 * The path a subject took over its machine: which states it visited, which transitions it took
 * and how often, and where it is now — read from its audit history against the machine's graph
 * (GET /workflows/:machine). A transition from a parent state (DISCARD from `draft`) explains an
 * entry leaving any state inside it.
 */
export function machinePath(graph: MachineGraph, history: readonly AuditEntry[]): MachinePath {
  const edges = new Map<string, Edge>();
  for (const t of graph.transitions) {
    const id = `${t.source}→${t.target}`;
    const edge = edges.get(id) ?? { id, source: t.source, target: t.target, events: [], taken: 0 };
    if (!edge.events.includes(t.event)) edge.events.push(t.event);
    edges.set(id, edge);
  }
  const visited = new Set<string>();
  const other = new Map<string, number>();
  for (const entry of history) {
    for (const s of withParents(entry.toState)) visited.add(s);
    if (entry.fromState === null) continue;
    const from = entry.fromState;
    // The most specific source wins: a child state's own transition before its parent's.
    const match = [...edges.values()]
      .filter((e) => e.events.includes(entry.event) && within(from, e.source) && within(entry.toState, e.target))
      .sort((a, b) => b.source.length - a.source.length)[0];
    if (match) match.taken += 1;
    else other.set(entry.event, (other.get(entry.event) ?? 0) + 1);
  }
  const last = history.at(-1);
  const first = history[0];
  return {
    edges: [...edges.values()],
    visited,
    current: new Set(last ? withParents(last.toState) : []),
    entered: first && first.fromState === null ? first.toState : null,
    other,
  };
}
