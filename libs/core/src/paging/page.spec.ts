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

describe('cursors with a shape', () => {
  const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const refused = (key: unknown[], shape: Parameters<typeof decodeCursor>[1]) => expect(() => decodeCursor(cursor(key), shape)).toThrow(DomainError);

  it('take back the keys the lists issue', () => {
    const id = '6f1c1b1e-8f5a-4a3b-9a57-0d1f2e3c4b5a';
    expect(decodeCursor(cursor(['2026-03-01T10:00:00.123Z', id]), ['instant', 'uuid'])).toEqual(['2026-03-01T10:00:00.123Z', id]);
    expect(decodeCursor(cursor(['2026-03-01 10:00:00.123', 'k']), ['instant', 'text'])).toEqual(['2026-03-01 10:00:00.123', 'k']);
    expect(decodeCursor(cursor([3, 'Phường Bồ Đề', id]), ['int', 'text', 'uuid'])).toEqual([3, 'Phường Bồ Đề', id]);
    expect(decodeCursor(cursor(['1.12.305']), ['ltree'])).toEqual(['1.12.305']);
    expect(decodeCursor(cursor(['infinity', id]), ['date', 'uuid'])).toEqual(['infinity', id]);
  });

  it('refuse a forged key before it reaches the database', () => {
    refused(['x', 'y'], ['instant', 'uuid']);
    refused(['2026-02-30T00:00:00Z', 'y'], ['instant', 'uuid']);
    refused(['2026-03-01T10:00:00Z', 'not-a-uuid'], ['instant', 'uuid']);
    refused([1.5, 'a', '6f1c1b1e-8f5a-4a3b-9a57-0d1f2e3c4b5a'], ['int', 'text', 'uuid']);
    refused(['a\u0000'], ['text']);
    refused(['1;DROP'], ['ltree']);
    refused(['2027-13-01', '6f1c1b1e-8f5a-4a3b-9a57-0d1f2e3c4b5a'], ['date', 'uuid']);
  });
});
