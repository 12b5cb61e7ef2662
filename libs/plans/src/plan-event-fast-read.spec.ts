import 'reflect-metadata';
import fc from 'fast-check';
import { createValidationPipe } from '@app/core';
import { PLAN_EVENT_NAMES, PlanEventDto } from './plan.dto.js';

/** The full path: class-transformer and class-validator, as the global pipe runs them without the fast read. */
async function fullPath(body: unknown): Promise<{ ok: true; dto: unknown } | { ok: false }> {
  const pipe = createValidationPipe();
  const original = PlanEventDto.fastRead;
  (PlanEventDto as { fastRead: unknown }).fastRead = undefined;
  try {
    return { ok: true, dto: await pipe.transform(body, { type: 'body', metatype: PlanEventDto }) };
  } catch {
    return { ok: false };
  } finally {
    (PlanEventDto as { fastRead: unknown }).fastRead = original;
  }
}

const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(4000)), fc.constant('x'.repeat(4001)), fc.constant('😀'.repeat(2001)));
const field = fc.oneof(text, fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]));
const body = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...PLAN_EVENT_NAMES), fc.string({ maxLength: 8 }), fc.constant(null)),
    expectedVersion: fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.double(), fc.string({ maxLength: 3 }), fc.constant(null)),
    comment: field,
    summary: field,
    reason: field,
    extra: field,
    signature: fc.constant({ authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Bí thư' }),
  },
  { requiredKeys: [] },
);

describe('PlanEventDto.fastRead', () => {
  it('accepts only what the full validation accepts, and reads it into the same instance', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const fast = PlanEventDto.fastRead(b);
        if (fast === undefined) return;
        const full = await fullPath(b);
        expect(full.ok).toBe(true);
        expect(fast).toBeInstanceOf(PlanEventDto);
        expect(fast).toEqual((full as { dto: unknown }).dto);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the common events (RETURN with a comment, SUBMIT, START, REVIEW with a summary, WITHDRAW with a reason)', () => {
    for (const b of [
      { type: 'RETURN', expectedVersion: 3, comment: 'Bổ sung thời hạn.' },
      { type: 'SUBMIT', expectedVersion: 1 },
      { type: 'START', expectedVersion: 5 },
      { type: 'REVIEW', expectedVersion: 9, summary: 'Đã hoàn thành.' },
      { type: 'WITHDRAW', expectedVersion: 2, reason: 'Sai sót.' },
    ]) expect(PlanEventDto.fastRead(b)).toEqual(Object.assign(new PlanEventDto(), b));
  });

  it('leaves ISSUE, REGISTER, unknown fields, nulls and JSON-parsed __proto__ to the full path', () => {
    expect(PlanEventDto.fastRead({ type: 'ISSUE', expectedVersion: 2 })).toBeUndefined();
    expect(PlanEventDto.fastRead({ type: 'REGISTER', expectedVersion: 2 })).toBeUndefined();
    expect(PlanEventDto.fastRead({ type: 'SUBMIT', expectedVersion: 1, extra: 1 })).toBeUndefined();
    expect(PlanEventDto.fastRead({ type: 'RETURN', expectedVersion: 1, comment: null })).toBeUndefined();
    expect(PlanEventDto.fastRead(JSON.parse('{"type":"SUBMIT","expectedVersion":1,"__proto__":{"x":1}}'))).toBeUndefined();
    expect(PlanEventDto.fastRead([])).toBeUndefined();
  });
});
