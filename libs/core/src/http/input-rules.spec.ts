import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { Allow, IsArray, IsOptional, IsString, ValidateNested, validateSync } from 'class-validator';
import fc from 'fast-check';
import { badFields, jsonDepthExceeds } from './input-rules.js';
import { IsCalendarDate, nullContainers } from './validation.js';

/** The nesting depth of a parsed JSON value, the plain recursive way (the reference for the byte scan). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('jsonDepthExceeds (the depth check on the raw bytes)', () => {
  it('agrees with the depth of the parsed value, whatever the strings hold', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"[', 'ệ[', '😀{');
    const text = fc.oneof(fc.string(), fc.array(tricky).map((a) => a.join('')));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 })),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 8 }), (value, max) => {
        const bytes = Buffer.from(JSON.stringify(value), 'utf8');
        expect(jsonDepthExceeds(bytes, max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('stops early on a hostile body', () => {
    const deep = Buffer.from('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":[[1]],"b":"[[[[[[["}'), 3)).toBe(false);
  });
});

describe('badFields (text PostgreSQL cannot store, numbers JSON cannot mean exactly)', () => {
  it('names the field holding NUL or a lone surrogate, in values and keys', () => {
    expect(badFields({ title: 'a\u0000b' }).map((e) => e.field)).toEqual(['title']);
    expect(badFields({ phases: [{ title: 'ok' }, { title: '\ud800' }] }).map((e) => e.field)).toEqual(['phases.1.title']);
    expect(badFields({ ['k\udfff']: 1 }).map((e) => e.field)).toEqual(['k\ufffd']);
    expect(badFields(JSON.parse('{"__proto__":{"admin":true}}')).map((e) => e.field)).toEqual(['__proto__']);
    expect(badFields('\u0000').map((e) => e.field)).toEqual(['body']);
    expect(badFields({ n: Infinity, m: 2 ** 53, k: 2 ** 53 - 1, f: 1.5 }).map((e) => e.field)).toEqual(['n', 'm']);
  });

  it('accepts any well-formed text without NUL (Vietnamese, emoji, control characters but NUL)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')), (text) => {
        expect(badFields({ [`k${text}`]: [text] })).toEqual([]);
      }),
    );
  });
});

class Dated {
  @IsCalendarDate() on: string;
}

/** Independent of validator.js: the last day of a month by Date.UTC's day 0 of the next one. */
function exists(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

describe('IsCalendarDate', () => {
  const format = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const accepts = (text: unknown) => validateSync(Object.assign(new Dated(), { on: text })).length === 0;

  it('accepts exactly the days of the calendar, leap years included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        expect(accepts(format(y, m, d))).toBe(exists(y, m, d));
      }),
      { numRuns: 2000 },
    );
    expect([accepts('2028-02-29'), accepts('2000-02-29'), accepts('2100-02-29'), accepts('2027-02-30'), accepts('2027-13-01')])
      .toEqual([true, true, false, false, false]);
  });

  it('refuses other shapes', () => {
    for (const text of ['2027-1-01', '2027-01-01T00:00:00Z', '20270101', ' 2027-01-01', 20270101, null]) expect(accepts(text)).toBe(false);
  });
});

class Part {
  @ApiProperty() @IsString() title: string;
}
class Body {
  @ApiPropertyOptional({ type: [Part] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Part) parts?: Part[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } }) @IsOptional() @Allow() counts?: Record<string, number>;
  @ApiPropertyOptional({ type: Part, nullable: true }) @IsOptional() @ValidateNested() @Type(() => Part) lead?: Part | null;
  @ApiPropertyOptional() @IsOptional() @IsString() place?: string | null;
}

describe('nullContainers (null for a list or an object)', () => {
  it('names lists and objects sent as null, by validator or by schema, but not nullable ones or scalars', () => {
    const body = plainToInstance(Body, { parts: null, counts: null, lead: null, place: null });
    expect(nullContainers(body).map((e) => e.field)).toEqual(['parts', 'counts']);
    const nested = plainToInstance(Body, { parts: [{ title: 'a' }, null] });
    expect(nullContainers(nested)).toEqual([]); // a null item is the item validator's (ValidateNested refuses it)
  });
});
