import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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

/** Decodes an opaque cursor; anything we did not produce is a 400, not a 500. */
export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
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
