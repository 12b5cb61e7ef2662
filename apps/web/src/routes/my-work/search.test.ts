import { describe, expect, it } from 'vitest';
import { validateMyWorkSearch } from './search';

describe('validateMyWorkSearch', () => {
  it('keeps a known state, the overdue flag and the cursor', () => {
    expect(validateMyWorkSearch({ state: 'returned', overdue: 'true', cursor: ' abc ' })).toEqual({ state: 'returned', overdue: true, cursor: 'abc' });
    expect(validateMyWorkSearch({ overdue: true })).toEqual({ state: undefined, overdue: true, cursor: undefined });
  });

  it('drops what a hand-edited URL gets wrong instead of sending it to the API', () => {
    expect(validateMyWorkSearch({ state: 'draft', overdue: 'yes', cursor: '' })).toEqual({ state: undefined, overdue: undefined, cursor: undefined });
    expect(validateMyWorkSearch({ state: 3, overdue: false, cursor: 7 })).toEqual({ state: undefined, overdue: undefined, cursor: undefined });
  });
});
