import type { components } from '../../api/schema';

export type CascadeNode = components['schemas']['CascadeTreeNodeDto'];
export type Cascade = components['schemas']['CascadeDto'];

/** A node as the monitor's tree holds it: its children once loaded (undefined until then), and whether it opens. */
export type MonitorNode = Omit<CascadeNode, 'children'> & { hasChildren: boolean; children?: MonitorNode[] };

/**
 * The tree as far as it is loaded: the API's nodes (the top level, or the whole listing) and,
 * under an opened node, the children fetched for it. A node opens when the filters list children
 * under it (`childCount`) and the depth chosen shows them.
 */
export function monitorTree(nodes: readonly CascadeNode[], childrenOf: ReadonlyMap<string, readonly CascadeNode[]>, maxDepth = Infinity): MonitorNode[] {
  const live = (node: CascadeNode): MonitorNode => {
    const hasChildren = node.childCount > 0 && node.depth < maxDepth;
    const loaded = node.children.length > 0 ? node.children : childrenOf.get(node.id);
    return { ...node, hasChildren, children: hasChildren ? loaded?.map(live) : [] };
  };
  return nodes.map(live);
}

/** The completion counts the monitor follows: done on time, done late, overdue. */
export interface Completion {
  onTime: number;
  late: number;
  overdue: number;
}

const NONE: Completion = { onTime: 0, late: 0, overdue: 0 };

function add(a: Completion, node: CascadeNode): Completion {
  const s = node.deadlineStatus;
  return { onTime: a.onTime + (s === 'done_on_time' ? 1 : 0), late: a.late + (s === 'done_late' ? 1 : 0), overdue: a.overdue + (s === 'overdue' ? 1 : 0) };
}

/** Each listed node's completion counts over the listed units below it (its own status is on its badge). */
export function completionBelow(roots: readonly CascadeNode[]): Map<string, Completion> {
  const below = new Map<string, Completion>();
  const walk = (node: CascadeNode): Completion => {
    let sum = NONE;
    for (const child of node.children) {
      const under = walk(child);
      sum = add({ onTime: sum.onTime + under.onTime, late: sum.late + under.late, overdue: sum.overdue + under.overdue }, child);
    }
    below.set(node.id, sum);
    return sum;
  };
  roots.forEach(walk);
  return below;
}

/** One level of the cascade: its units, their completion counts, and their figures added up (each unit's figure already holds its branch). */
export interface LevelSummary {
  level: number;
  units: number;
  completion: Completion;
  indicators: Record<string, number>;
}

export function levelSummaries(roots: readonly CascadeNode[]): LevelSummary[] {
  const levels: LevelSummary[] = [];
  const walk = (nodes: readonly CascadeNode[], level: number) => {
    for (const node of nodes) {
      const summary = (levels[level - 1] ??= { level, units: 0, completion: NONE, indicators: {} });
      summary.units += 1;
      summary.completion = add(summary.completion, node);
      for (const [code, value] of Object.entries(node.indicators)) summary.indicators[code] = (summary.indicators[code] ?? 0) + value;
      walk(node.children, level + 1);
    }
  };
  walk(roots, 1);
  return levels;
}
