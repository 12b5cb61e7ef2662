import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';

export interface MachineGraphState {
  /** The dotted path the API uses for states (`draft.editing`). */
  path: string;
  parent: string | null;
  /** The state its parent (or the machine) enters first. */
  initial: boolean;
  final: boolean;
}

export interface MachineGraphTransition {
  source: string;
  target: string;
  event: string;
  /** Taken only when a guard holds (a rule of completeness, a comment, a live parent…). */
  guarded: boolean;
  /** No state change: the event is recorded and the state stays (drawn as a loop). */
  internal: boolean;
  /** Who may send the event: workflow roles, or `system` for the server itself. */
  senders: readonly string[];
}

/** A machine as a diagram reads it: drawn from the definition itself, so it cannot drift from what runs. */
export interface MachineGraph {
  machine: string;
  version: number;
  states: MachineGraphState[];
  transitions: MachineGraphTransition[];
}

const pathOf = (node: AnyStateNode) => node.path.join('.');

export function machineGraph(machine: AnyStateMachine, version: number, senders: Readonly<Record<string, readonly string[]>>): MachineGraph {
  const states: MachineGraphState[] = [];
  const transitions: MachineGraphTransition[] = [];
  const visit = (graph: DirectedGraphNode) => {
    const node = graph.stateNode;
    if (node.path.length > 0) {
      const parent = node.parent!;
      states.push({
        path: pathOf(node),
        parent: parent.path.length > 0 ? pathOf(parent) : null,
        initial: parent.initial?.target.some((t) => t === node) ?? false,
        final: node.type === 'final',
      });
    }
    for (const edge of graph.edges) {
      const event = edge.transition.eventType;
      transitions.push({
        source: pathOf(edge.source),
        target: pathOf(edge.target),
        event,
        guarded: edge.transition.guard !== undefined,
        internal: edge.transition.target === undefined,
        senders: senders[event] ?? [],
      });
    }
    graph.children.forEach(visit);
  };
  visit(toDirectedGraph(machine));
  return { machine: machine.id, version, states, transitions };
}
