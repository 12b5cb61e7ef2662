import { describe, expect, it } from 'vitest';
import { branchIds, visibleRows } from '../../components/VirtualTree';
import { completionBelow, levelSummaries, monitorTree, type CascadeNode } from './cascade-model';

const node = (id: string, deadlineStatus: CascadeNode['deadlineStatus'], indicators: Record<string, number>, children: CascadeNode[] = []): CascadeNode => ({
  id, depth: 0, parentAssignmentId: null, unit: { id, name: id, shortName: id, kind: 'k' }, assigneeAtIssue: { unitId: id, unitName: id }, state: 'implementing', overdue: deadlineStatus === 'overdue',
  dueOn: null, deadlineStatus, childPlan: null, report: null, indicators, matches: true, childCount: children.length, children,
});

// district (its figure holds its branch) → ward A (accepted, on time), ward B (overdue) → cell (late); city department (late).
const tree = [
  node('district', 'in_progress', { attendees: 50 }, [node('a', 'done_on_time', { attendees: 50 }), node('b', 'overdue', {}, [node('cell', 'done_late', { attendees: 7 })])]),
  node('department', 'done_late', { news: 3 }),
];

describe('the cascade model', () => {
  it('counts each node\'s units below it by completion', () => {
    const below = completionBelow(tree);
    expect(below.get('district')).toEqual({ onTime: 1, late: 1, overdue: 1 });
    expect(below.get('b')).toEqual({ onTime: 0, late: 1, overdue: 0 });
    expect(below.get('cell')).toEqual({ onTime: 0, late: 0, overdue: 0 });
  });

  it('adds up units, completion and figures per level', () => {
    expect(levelSummaries(tree)).toEqual([
      { level: 1, units: 2, completion: { onTime: 0, late: 1, overdue: 0 }, indicators: { attendees: 50, news: 3 } },
      { level: 2, units: 2, completion: { onTime: 1, late: 0, overdue: 1 }, indicators: { attendees: 50 } },
      { level: 3, units: 1, completion: { onTime: 0, late: 1, overdue: 0 }, indicators: { attendees: 7 } },
    ]);
  });
});

describe('the virtual tree\'s rows', () => {
  it('shows a closed node without its branch and an open one with it, depth-first', () => {
    expect(visibleRows(tree, new Set()).map((r) => r.node.id)).toEqual(['district', 'department']);
    expect(visibleRows(tree, new Set(['district'])).map((r) => [r.node.id, r.level])).toEqual([['district', 1], ['a', 2], ['b', 2], ['department', 1]]);
    // A node opened under a closed one stays hidden until its parent opens.
    expect(visibleRows(tree, new Set(['b'])).map((r) => r.node.id)).toEqual(['district', 'department']);
    expect(visibleRows(tree, new Set(branchIds(tree))).map((r) => r.node.id)).toEqual(['district', 'a', 'b', 'cell', 'department']);
  });

  it('lists the nodes with children, down to a level', () => {
    expect(branchIds(tree)).toEqual(['district', 'b']);
    expect(branchIds(tree, 1)).toEqual(['district']);
  });
});

describe('the tree as far as it is loaded', () => {
  // The top level as `maxDepth=1` gives it: no children, each node with its count of them.
  const topLevel = tree.map((n) => ({ ...n, depth: 1, children: [] }));
  const wards = tree[0].children.map((n) => ({ ...n, depth: 2, children: [] }));

  it('opens a node the filters list children under, and holds its children once they are fetched', () => {
    const [district, department] = monitorTree(topLevel, new Map());
    expect([district.hasChildren, district.children, department.hasChildren, department.children]).toEqual([true, undefined, false, []]);
    const loaded = monitorTree(topLevel, new Map([['district', wards]]));
    expect(loaded[0].children!.map((c) => [c.id, c.hasChildren, c.children])).toEqual([['a', false, []], ['b', true, undefined]]);
    // Nothing opens below the depth chosen.
    expect(monitorTree(topLevel, new Map(), 1)[0]).toMatchObject({ hasChildren: false, children: [] });
  });

  it('takes the whole listing\'s children as they come', () => {
    const whole = monitorTree(tree, new Map());
    expect(visibleRows(whole, new Set(branchIds(whole))).map((r) => r.node.id)).toEqual(['district', 'a', 'b', 'cell', 'department']);
  });

  it('draws a loading row under an opened node until its children come', () => {
    const lazy = monitorTree(topLevel, new Map());
    expect(visibleRows(lazy, new Set(['district'])).map((r) => [r.node.id, r.level, r.loading ?? false])).toEqual([
      ['district', 1, false], ['district', 2, true], ['department', 1, false],
    ]);
    expect(branchIds(lazy)).toEqual(['district']);
  });
});
