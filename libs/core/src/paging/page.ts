import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, isISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

/** Every list is paged the same way: `?limit=&cursor=`, keyset underneath. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export class PageInfoDto {
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `?cursor=` for the next page; null on the last page' })
  nextCursor: string | null;
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each part of a cursor's key is, so that a forged cursor is a 400 rather than a database error. */
export type CursorPart = 'text' | 'uuid' | 'instant' | 'int' | 'ltree' | 'date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const LTREE = /^[A-Za-z0-9_-]{1,256}(\.[A-Za-z0-9_-]{1,256}){0,255}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fits(part: CursorPart, value: unknown): boolean {
  if (part === 'int') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'text': return !value.includes('\u0000') && (value as string & { isWellFormed(): boolean }).isWellFormed();
    case 'uuid': return UUID.test(value);
    // validator.js's strict ISO 8601 knows the calendar (Date.parse takes 2026-02-30 for 2 March).
    case 'instant': return INSTANT.test(value) && isISO8601(value.replace(' ', 'T'), { strict: true });
    case 'ltree': return LTREE.test(value);
    case 'date': return value === 'infinity' || (DATE.test(value) && isISO8601(value, { strict: true }));
  }
}

/**
 * Decodes an opaque cursor; anything we did not produce is a 400, not a 500. With `shape`, each part of
 * the key must be what the query compares it with (`['instant', 'uuid']`); with a count, only the count
 * and the JSON types are checked.
 */
export function decodeCursor(cursor: string | undefined, shape: number | readonly CursorPart[]): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  const arity = typeof shape === 'number' ? shape : shape.length;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number') &&
      (typeof shape === 'number' || key.every((k, i) => fits(shape[i], k)))) {
      return key;
    }
  } catch {
    // fall through to the validation error
  }
  throw DomainError.validation('Invalid cursor', [{ field: 'cursor', messages: ['is not a cursor this API issued'] }]);
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says that there is more. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => unknown[]): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return {
    items: items.map(map),
    nextCursor: more ? encodeCursor(keyOf(items[items.length - 1])) : null,
  };
}
