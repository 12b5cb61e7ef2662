import fc from 'fast-check';
import { dayBefore, isDay, parseChanges, planReorganisation, type Change, type TreeNode } from './reorganisation-plan.js';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** A random tree: unit i hangs under some unit j < i (unit 0 is the root). */
const trees = fc.integer({ min: 2, max: 25 }).chain((size) =>
  fc.tuple(...Array.from({ length: size - 1 }, (_, i) => fc.integer({ min: 0, max: i }))).map((parents) => {
    const tree = new Map<string, TreeNode>([[id(0), { id: id(0), parentId: null, current: true }]]);
    parents.forEach((p, i) => tree.set(id(i + 1), { id: id(i + 1), parentId: id(p), current: true }));
    return tree;
  }),
);

/** Any changes over the tree's units, valid or not. */
const changesOver = (size: number) => {
  const unit = fc.integer({ min: 0, max: size - 1 }).map(id);
  return fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('dissolve' as const), unitId: unit, successorId: unit }),
      fc.record({ kind: fc.constant('merge' as const), from: fc.uniqueArray(unit, { minLength: 1, maxLength: 3 }), into: unit }),
      fc.record({ kind: fc.constant('move' as const), unitId: unit, parentId: unit }),
      fc.record({ kind: fc.constant('rename' as const), unitId: unit, name: fc.constant('Tên mới') }),
    ),
    { minLength: 1, maxLength: 6 },
  );
};

function parentsAfter(tree: Map<string, TreeNode>, moved: Map<string, string | null>): Map<string, string | null> {
  return new Map([...tree.values()].map((n) => [n.id, moved.has(n.id) ? moved.get(n.id)! : n.parentId]));
}

describe('planReorganisation', () => {
  it('accepts only reorganisations after which every surviving unit hangs under a surviving unit, without cycles, each dissolved unit with one surviving successor', () => {
    fc.assert(
      fc.property(trees.chain((tree) => fc.tuple(fc.constant(tree), changesOver(tree.size))), ([tree, changes]) => {
        const outcome = planReorganisation(changes as Change[], tree);
        if (outcome.problems.length > 0) return;
        const parent = parentsAfter(tree, outcome.moved);
        for (const n of tree.values()) {
          if (outcome.dissolved.has(n.id)) {
            const d = outcome.dissolved.get(n.id)!;
            expect('successor' in d).toBe(true);
            const to = 'successor' in d && 'unitId' in d.successor ? d.successor.unitId : undefined;
            expect(to && !outcome.dissolved.has(to) && tree.has(to)).toBe(true);
            continue;
          }
          const p = parent.get(n.id)!;
          if (p !== null) expect(outcome.dissolved.has(p)).toBe(false);
          const seen = new Set([n.id]);
          for (let at = parent.get(n.id) ?? null; at !== null; at = parent.get(at) ?? null) {
            expect(seen.has(at)).toBe(false);
            seen.add(at);
          }
        }
        // A unit is changed by at most one change.
        const named = changes.flatMap((c) => (c.kind === 'merge' ? c.from : [c.unitId]));
        expect(new Set(named).size).toBe(named.length);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a valid reorganisation for every tree: dissolving a leaf into its parent', () => {
    fc.assert(
      fc.property(trees, (tree) => {
        const leaf = [...tree.values()].find((n) => n.parentId !== null && ![...tree.values()].some((c) => c.parentId === n.id))!;
        expect(planReorganisation([{ kind: 'dissolve', unitId: leaf.id, successorId: leaf.parentId! }], tree).problems).toEqual([]);
      }),
    );
  });

  it('asks a split to map every open item to exactly one successor', () => {
    const tree = new Map<string, TreeNode>([
      [id(0), { id: id(0), parentId: null, current: true }],
      [id(1), { id: id(1), parentId: id(0), current: true }],
    ]);
    const newUnit = { name: 'A', shortName: 'A', kind: 'party_cell', parentId: id(0), symbolStyle: 'party' as const };
    const items = new Map([[id(1), [id(100), id(101)]]]);
    const split = (map: Record<string, number>): Change => ({ kind: 'split', unitId: id(1), into: [newUnit, { ...newUnit, name: 'B' }], map });
    expect(planReorganisation([split({ [id(100)]: 0 })], tree, items).problems.map((p) => [p.code, p.unitIds])).toEqual([['UNMAPPED_ITEMS', [id(101)]]]);
    expect(planReorganisation([split({ [id(100)]: 0, [id(101)]: 1, [id(102)]: 1 })], tree, items).problems.map((p) => p.code)).toEqual(['UNKNOWN_ITEMS']);
    const ok = planReorganisation([split({ [id(100)]: 0, [id(101)]: 1 })], tree, items);
    expect(ok.problems).toEqual([]);
    expect(ok.created.map((u) => u.name)).toEqual(['A', 'B']);
  });
});

describe('parseChanges', () => {
  it('names every bad field', () => {
    const result = parseChanges({ effectiveOn: '2025-06-31', changes: [{ kind: 'merge', from: [], into: 'x' }, { kind: 'rename', unitId: id(1), name: '' }, { kind: 'move', unitId: id(1), parentId: null }] });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['effectiveOn', 'changes[0].from', 'changes[0].into', 'changes[1].name']);
  });

  it('keeps the pinned shape', () => {
    const body = { effectiveOn: '2025-07-01', changes: [{ kind: 'dissolve', unitId: id(1), successorId: id(2) }, { kind: 'move', unitId: id(3), parentId: id(2) }] };
    expect(parseChanges(body)).toEqual(body);
  });
});

describe('days', () => {
  it('knows calendar days and the day before', () => {
    expect([isDay('2025-02-28'), isDay('2025-02-29'), isDay('2024-02-29'), isDay('2025-7-1')]).toEqual([true, false, true, false]);
    expect([dayBefore('2025-07-01'), dayBefore('2025-01-01'), dayBefore('2024-03-01')]).toEqual(['2025-06-30', '2024-12-31', '2024-02-29']);
  });
});
