import fc from 'fast-check';
import { dayBefore, isDay, parseChanges, planReorganisation, type Change, type Successor, type TreeNode } from './reorganisation-plan.js';

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

/** Parents after the change (these random changes create no unit, so every new parent exists). */
function parentsAfter(tree: Map<string, TreeNode>, moved: Map<string, Successor | null>): Map<string, string | null> {
  const unitId = (s: Successor | null) => (s && 'unitId' in s ? s.unitId : null);
  return new Map([...tree.values()].map((n) => [n.id, moved.has(n.id) ? unitId(moved.get(n.id)!) : n.parentId]));
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

  it('lets later changes name a unit created earlier by its key: as successor, as parent of a new unit, as a moved unit\'s parent', () => {
    const tree = new Map<string, TreeNode>(
      [
        [0, null],
        [1, 0],
        [2, 0],
        [3, 0],
        [4, 3],
      ].map(([n, p]) => [id(n!), { id: id(n!), parentId: p === null ? null : id(p), current: true }]),
    );
    const ward = { name: 'Phường mới', shortName: 'P', kind: 'grassroots_committee', parentId: id(0), symbolStyle: 'party' as const, key: 'ward' };
    const parsed = parseChanges({
      effectiveOn: '2025-07-01',
      changes: [
        { kind: 'merge', from: [id(1)], into: ward },
        { kind: 'dissolve', unitId: id(2), successorId: { key: 'ward' } },
        { kind: 'merge', from: [id(4)], into: { name: 'Chi bộ', shortName: 'CB', kind: 'party_cell', parentId: { key: 'ward' }, symbolStyle: 'party' } },
        { kind: 'move', unitId: id(3), parentId: { key: 'ward' } },
      ],
    });
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    const out = planReorganisation(parsed.changes, tree);
    expect(out.problems).toEqual([]);
    expect(out.created.map((u) => [u.name, u.parent])).toEqual([
      ['Phường mới', { unitId: id(0) }],
      ['Chi bộ', { created: 0 }],
    ]);
    expect(out.dissolved.get(id(2))).toEqual({ successor: { created: 0 } });
    expect(out.moved.get(id(3))).toEqual({ created: 0 });

    // A unit moved under a unit created below itself is a cycle.
    const below = { ...ward, parentId: id(3) };
    const cycle = parseChanges({ effectiveOn: '2025-07-01', changes: [{ kind: 'merge', from: [id(4)], into: below }, { kind: 'move', unitId: id(3), parentId: { key: 'ward' } }] });
    if ('problems' in cycle) throw new Error(JSON.stringify(cycle.problems));
    expect(planReorganisation(cycle.changes, tree).problems.map((p) => [p.code, p.change])).toEqual([['CYCLE', 1]]);
  });
});

describe('parseChanges', () => {
  it('names every bad field', () => {
    const result = parseChanges({ effectiveOn: '2025-06-31', changes: [{ kind: 'merge', from: [], into: 'x' }, { kind: 'rename', unitId: id(1), name: '' }, { kind: 'move', unitId: id(1), parentId: null }] });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['effectiveOn', 'changes[0].from', 'changes[0].into', 'changes[1].name']);
  });

  it('takes a key only as defined before it is used, once', () => {
    const unit = (key: string, parentId: unknown = id(0)) => ({ name: 'A', shortName: 'A', kind: 'party_cell', parentId, symbolStyle: 'party', key });
    const fields = (changes: unknown[]) => {
      const result = parseChanges({ effectiveOn: '2025-07-01', changes });
      return 'problems' in result ? result.problems.map((p) => p.field) : [];
    };
    expect(fields([{ kind: 'move', unitId: id(3), parentId: { key: 'k' } }, { kind: 'merge', from: [id(1)], into: unit('k') }])).toEqual(['changes[0].parentId']);
    expect(fields([{ kind: 'merge', from: [id(1)], into: unit('k') }, { kind: 'merge', from: [id(2)], into: unit('k') }])).toEqual(['changes[1].into.key']);
    expect(fields([{ kind: 'merge', from: [id(1)], into: unit('k', { key: 'k' }) }])).toEqual(['changes[0].into.parentId']);
    expect(fields([{ kind: 'merge', from: [id(1)], into: unit('k') }, { kind: 'dissolve', unitId: id(2), successorId: { key: 'k', extra: 1 } }])).toEqual(['changes[1].successorId']);
    expect(fields([{ kind: 'merge', from: [id(1)], into: unit('k') }, { kind: 'split', unitId: id(2), into: [{ key: 'k' }, unit('j', { key: 'k' })], map: {} }])).toEqual([]);
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
