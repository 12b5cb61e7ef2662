import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, toPage } from './page.js';

describe('cursors', () => {
  it('round-trip any key of strings and numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 3 }), (key) => {
        expect(decodeCursor(encodeCursor(key), key.length)).toEqual(key);
      }),
    );
  });

  it('refuse anything else as a validation error', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        try {
          const key = decodeCursor(junk, 2);
          expect(Array.isArray(key) && key.length === 2).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('VALIDATION_FAILED');
        }
      }),
    );
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(DomainError);
  });

  it('say there is a next page only when a row beyond the limit was fetched', () => {
    expect(toPage([1, 2, 3], 2, String, (n) => [n])).toEqual({ items: ['1', '2'], nextCursor: encodeCursor([2]) });
    expect(toPage([1, 2], 2, String, (n) => [n])).toEqual({ items: ['1', '2'], nextCursor: null });
  });
});
