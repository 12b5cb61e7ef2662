import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { countsBySuccessor, emptyNewUnit, mapAll, mapItem, newUnitsOf, problemsByChange, splitChange, unmapped, withKeys, withoutSuccessor, type NewUnit } from './reorganisation-changes';

const ward: NewUnit = { name: ' Chi bộ mới ', shortName: 'CB ', kind: 'party_cell', parentId: 'p', symbolStyle: 'party' };

describe('mapping open items to successors', () => {
  it('maps all, then one by one, and unmaps again', () => {
    let m = mapAll(['a', 'b', 'c'], 1);
    expect(m).toEqual({ a: 1, b: 1, c: 1 });
    m = mapItem(m, 'b', 0);
    expect(m).toEqual({ a: 1, b: 0, c: 1 });
    m = mapItem(m, 'c', undefined);
    expect(unmapped(['a', 'b', 'c'], m)).toEqual(['c']);
    expect(countsBySuccessor(m, 3)).toEqual([1, 1, 0]);
  });

  it('unmaps the items of a removed successor and moves later indexes up', () => {
    expect(withoutSuccessor({ a: 0, b: 1, c: 2, d: 2 }, 1)).toEqual({ a: 0, c: 1, d: 1 });
    expect(withoutSuccessor({ a: 0 }, 0)).toEqual({});
  });

  it('builds the split only when two complete successors take every item', () => {
    expect(splitChange('u', ['x', ward], ['a', 'b'], { a: 0 })).toBeUndefined();
    expect(splitChange('u', ['x'], ['a'], { a: 0 })).toBeUndefined();
    expect(splitChange('u', ['x', emptyNewUnit('p')], [], {})).toBeUndefined();
    expect(splitChange(undefined, ['x', 'y'], [], {})).toBeUndefined();
    // Items no longer listed are left out of the map; names are trimmed.
    expect(splitChange('u', ['x', ward], ['a', 'b'], { a: 0, b: 1, gone: 1 })).toEqual({
      kind: 'split',
      unitId: 'u',
      into: ['x', { ...ward, name: 'Chi bộ mới', shortName: 'CB' }],
      map: { a: 0, b: 1 },
    });
  });
});

describe('keys of new units', () => {
  it('gives each new unit of a change a key not used yet, so later changes can name it', () => {
    const split = withKeys({ kind: 'split', unitId: 'u', into: ['x', ward, { ...ward, key: 'mine' }, { key: 'n1' }], map: {} }, ['n1']);
    expect(newUnitsOf(split).map((u) => u.key)).toEqual(['n2', 'mine']);
    const merge = withKeys({ kind: 'merge', from: ['a'], into: ward }, []);
    expect(newUnitsOf(merge).map((u) => u.key)).toEqual(['n1']);
    expect(withKeys({ kind: 'rename', unitId: 'u', name: 'A' }, [])).toEqual({ kind: 'rename', unitId: 'u', name: 'A' });
  });
});

describe('problemsByChange', () => {
  it('places REORGANISATION_INVALID details next to their change, the rest apart', () => {
    const error = new ApiError(422, 'REORGANISATION_INVALID', 'x', [
      { code: 'UNMAPPED_ITEMS', change: 1, message: '2 open items', unitIds: ['i1', 'i2'] },
      { code: 'ORPHANED_CHILDREN', change: -1, message: 'orphans', unitIds: ['c'] },
    ]);
    const { byChange, general } = problemsByChange(error);
    expect(byChange.get(1)).toEqual([{ code: 'UNMAPPED_ITEMS', message: '2 open items', unitIds: ['i1', 'i2'] }]);
    expect(general).toEqual([{ code: 'ORPHANED_CHILDREN', message: 'orphans', unitIds: ['c'] }]);
  });

  it('reads 409 problems and 400 fields by change', () => {
    const conflict = problemsByChange(new ApiError(409, 'CONFLICT', 'x', { reason: 'UNIT_NOT_CURRENT', problems: [{ code: 'UNIT_NOT_CURRENT', change: 0, message: 'gone', unitIds: ['u'] }] }));
    expect(conflict.byChange.get(0)?.[0].code).toBe('UNIT_NOT_CURRENT');
    const invalid = problemsByChange(new ApiError(400, 'VALIDATION_FAILED', 'x', [{ field: 'changes[2].into.shortName', messages: ['letters and digits only'] }, { field: 'effectiveOn', messages: ['a day'] }]));
    expect(invalid.byChange.get(2)).toEqual([{ code: 'FIELD', message: 'into.shortName: letters and digits only', unitIds: [] }]);
    expect(invalid.general).toHaveLength(1);
    expect(problemsByChange(new ApiError(404, 'NOT_FOUND', 'x')).byChange.size).toBe(0);
    expect(problemsByChange(null).general).toEqual([]);
  });
});
