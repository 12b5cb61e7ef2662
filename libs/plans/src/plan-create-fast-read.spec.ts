import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createValidationPipe } from '@app/core';
import { CreatePlanDto } from './plan.dto.js';

/** The full path: class-transformer and class-validator, as the global pipe runs them without the fast read. */
async function fullPath(body: unknown): Promise<{ ok: true; dto: unknown } | { ok: false }> {
  const pipe = createValidationPipe();
  const original = CreatePlanDto.fastRead;
  (CreatePlanDto as { fastRead: unknown }).fastRead = undefined;
  try {
    return { ok: true, dto: await pipe.transform(clone(body), { type: 'body', metatype: CreatePlanDto }) };
  } catch {
    return { ok: false };
  } finally {
    (CreatePlanDto as { fastRead: unknown }).fastRead = original;
  }
}

const unit = () => randomUUID();
/** A deep copy made in this realm (structuredClone's objects have another realm's Object.prototype under jest). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A complete, seed-sized plan (as bench/support/transitions-plans.ts sends), every kind of part in it. */
function completePlan(): Record<string, unknown> {
  return {
    issuerUnitId: unit(),
    type: 'KH',
    title: ' Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội ',
    place: 'Long Biên',
    basis: [
      { external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy', title: 'Tuyên truyền Đại hội XII' } },
      { planId: unit() },
    ],
    purposes: ['Tuyên truyền sâu rộng về Đại hội XII của Đảng.'],
    phases: [
      { title: 'Trước Đại hội', startsOn: '2015-12-29', endsOn: '2016-01-20', items: ['Treo băng rôn, khẩu hiệu'] },
      { title: 'Sau Đại hội', windowText: ' sau Đại hội ', items: ['Tuyên truyền kết quả Đại hội'] },
    ],
    forms: [{ title: 'Tuyên truyền trên báo chí', items: ['Trang thông tin điện tử quận'] }],
    assignments: [
      { assigneeUnitId: unit(), responsibilities: ['Chủ trì, hướng dẫn, kiểm tra'], requiresOwnPlan: false, dueOn: '2016-02-04' },
      { assigneeUnitId: unit(), responsibilities: ['Chỉ đạo các phòng, ban'], requiresOwnPlan: true, subAssignments: [{ assigneeUnitId: unit(), responsibilities: ['Trang trí cổ động trực quan'] }] },
    ],
    reportDuty: { collectorUnitId: unit(), dueOn: '2016-02-04', periodic: false },
    budget: { text: 'Ngân sách quận', amount: 15000000, currency: 'VND' },
    footnotes: [],
    recipients: [
      { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' },
      { unitId: unit(), purpose: 'implement' },
    ],
  };
}

type Path = (string | number)[];

/** Every place in the body: each value's path, and each object's path for a key to add. */
function paths(value: unknown, at: Path = [], out: { values: Path[]; objects: Path[] } = { values: [], objects: [] }) {
  if (Array.isArray(value)) value.forEach((v, i) => { out.values.push([...at, i]); paths(v, [...at, i], out); });
  else if (value !== null && typeof value === 'object') {
    out.objects.push(at);
    for (const [k, v] of Object.entries(value)) { out.values.push([...at, k]); paths(v, [...at, k], out); }
  }
  return out;
}

function set(body: unknown, path: Path, value: unknown): void {
  let node = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = clone(value);
}

const REMOVE = Symbol('remove');
const junk = fc.oneof(
  fc.constant(REMOVE),
  fc.constant(null),
  fc.constantFrom('', ' ', '  x  ', 'KH', 'report', 'archive', 'nowhere', '2016-02-30', '2016-02-29', '2028-02-29', '2016-1-1', randomUUID(), 'not-a-uuid', 'VNDX', 'VN'),
  fc.constantFrom('x'.repeat(10), 'x'.repeat(11), 'x'.repeat(20), 'x'.repeat(21), 'x'.repeat(200), 'x'.repeat(201), ' '.repeat(4001), 'x'.repeat(4000), 'x'.repeat(4001), '😀'.repeat(2001), '😀'.repeat(4000), 'é\uFE0F'.repeat(2100)),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant(['a', 'b']),
  fc.constant([1]),
  fc.constant([null]),
  fc.constant(Array.from({ length: 51 }, () => ({ external: { type: 'KH', numberAndSymbol: '1' } }))),
  fc.constant(Array.from({ length: 201 }, () => 'x')),
  fc.constant({ external: { type: 'KH', numberAndSymbol: '1' }, planId: randomUUID() }),
  fc.constant({ name: 'Nơi nhận', unitId: randomUUID(), purpose: 'report' }),
  fc.constant({ assigneeUnitId: randomUUID(), responsibilities: [], subAssignments: [] }),
);
const key = fc.constantFrom('extra', 'constructor', 'toString', 'items', 'title', 'subAssignments', 'planId', 'name', 'unitId', 'periodic', 'amount');

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: junk }),
  fc.record({ kind: fc.constant('key' as const), at: fc.nat(), key, value: junk }),
);

/** Mostly a good value, now and then a bad one: a body whose every part is good is common enough to compare. */
const mostly = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 40 }, { arbitrary: bad, weight: 1 });
const bad = fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 1 }), fc.boolean(), fc.constant({}), fc.constant([]), fc.constant(['x']), fc.string({ maxLength: 4 }));
/** Texts at and around a limit: padded (trimmed or not), empty after trimming, in surrogate pairs and presentation selectors (MaxLength counts them as less). */
const textAround = (max: number) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('Kế hoạch', 'x', '  Kế hoạch  ', 'KH'), weight: 16 },
    { arbitrary: fc.constantFrom('', '   ', 'x'.repeat(max), 'x'.repeat(max + 1), ` ${'x'.repeat(max)} `, '😀'.repeat(max), '😀'.repeat(max + 1), 'é\uFE0F'.repeat(max), 'x'.repeat(max - 1) + '😀'), weight: 1 },
  );
const text = (max: number) => mostly(textAround(max), bad);
const uuid = mostly(fc.constantFrom(randomUUID(), randomUUID(), randomUUID().toUpperCase()), fc.constantFrom('not-a-uuid', '', '00000000-0000-0000-0000-00000000000g', randomUUID().slice(1)));
const day = mostly(fc.constantFrom('2016-02-04', '2028-02-29', '2015-12-24'), fc.constantFrom('2016-02-29', '2016-02-30', '2016-2-4', '2016-02-04T00:00:00Z', ''));
const bool = mostly(fc.boolean(), fc.constantFrom('true', 0));
const texts = (maxItems: number, max: number) =>
  mostly(fc.oneof({ arbitrary: fc.array(textAround(max), { maxLength: 3 }), weight: 20 }, { arbitrary: fc.constant(Array.from({ length: maxItems + 1 }, () => 'x')), weight: 1 }, { arbitrary: fc.constant(Array.from({ length: maxItems }, () => 'x')), weight: 1 }), bad);
const list = (maxItems: number, item: fc.Arbitrary<unknown>) =>
  mostly(fc.oneof({ arbitrary: fc.array(item, { maxLength: 2 }), weight: 20 }, { arbitrary: item.map((i) => Array.from({ length: maxItems + 1 }, () => i)), weight: 1 }), bad);
/** An object of these fields, each there or not, now and then with a field no DTO has or a null. */
const object = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  mostly(
    fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.constantFrom('extra', 'constructor', 'toString'), { freq: 20 })).map(([o, extra]) => (extra ? { ...o, [extra]: 1 } : o)),
    bad,
  );
const withRequired = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
  mostly(fc.record(fields, { requiredKeys: required as never[] }), object(fields));
const external = withRequired({ type: text(20), numberAndSymbol: text(100), issuedOn: day, issuer: text(300), title: text(4000) }, ['type', 'numberAndSymbol']);
const basis = fc.oneof({ arbitrary: withRequired({ planId: uuid }, ['planId']), weight: 4 }, { arbitrary: withRequired({ external }, ['external']), weight: 4 }, { arbitrary: object({ planId: uuid, external }), weight: 1 });
const phase = withRequired({ title: text(4000), startsOn: day, endsOn: day, windowText: text(500), items: texts(200, 4000) }, ['title']);
const form = withRequired({ title: text(4000), items: texts(200, 4000) }, ['title']);
const subAssignmentFields = { assigneeUnitId: uuid, responsibilities: texts(200, 4000), requiresOwnPlan: bool, dueOn: day };
const subAssignment = withRequired(subAssignmentFields, ['assigneeUnitId', 'responsibilities']);
const assignment = withRequired({ ...subAssignmentFields, subAssignments: list(200, subAssignment) }, ['assigneeUnitId', 'responsibilities']);
const purpose = mostly(fc.constantFrom('report', 'implement', 'coordinate', 'archive'), fc.constantFrom('Report', '', 'nowhere'));
const recipient = fc.oneof({ arbitrary: withRequired({ unitId: uuid, purpose }, ['unitId', 'purpose']), weight: 4 }, { arbitrary: withRequired({ name: text(300), purpose }, ['name', 'purpose']), weight: 4 }, { arbitrary: object({ unitId: uuid, name: text(300), purpose }), weight: 1 });
const amount = mostly(fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e12, noNaN: true })), fc.constantFrom(-1, -0.5, '5'));
const plan = withRequired(
  {
    issuerUnitId: uuid, type: text(10), title: text(4000), place: text(200), basis: list(50, basis), purposes: texts(200, 4000), phases: list(200, phase),
    forms: list(200, form), assignments: list(200, assignment), reportDuty: fc.oneof(withRequired({ collectorUnitId: uuid, dueOn: day, periodic: bool }, ['collectorUnitId', 'dueOn']), fc.constant(null)),
    budget: fc.oneof(withRequired({ text: text(4000), amount, currency: text(3) }, ['text']), fc.constant(null)), footnotes: texts(200, 4000), recipients: list(200, recipient),
  },
  ['issuerUnitId', 'type', 'title'],
);

describe('CreatePlanDto.fastRead', () => {
  it('accepts only what the full validation accepts, and reads it into the same instances, key for key', async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (body) => {
        const fast = CreatePlanDto.fastRead(clone(body));
        if (fast === undefined) return;
        read++;
        const full = await fullPath(body);
        expect(full.ok).toBe(true);
        expect(fast).toStrictEqual((full as { dto: unknown }).dto);
        expect(JSON.stringify(fast)).toBe(JSON.stringify((full as { dto: unknown }).dto));
      }),
      { numRuns: 3000 },
    );
    // The property above says nothing unless many bodies were read the fast way.
    expect(read).toBeGreaterThan(300);
  });

  it('reads what the full path accepts and it is sure of: the mutated complete plans', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 3 }), async (mutations) => {
        const body = completePlan();
        for (const m of mutations) {
          const where = paths(body);
          if (m.kind === 'value' && where.values.length) set(body, where.values[m.at % where.values.length], m.value);
          if (m.kind === 'key' && m.value !== REMOVE) set(body, [...where.objects[m.at % where.objects.length], m.key], m.value);
        }
        const fast = CreatePlanDto.fastRead(clone(body));
        if (fast === undefined) return;
        const full = await fullPath(body);
        expect(full.ok).toBe(true);
        expect(fast).toStrictEqual((full as { dto: unknown }).dto);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the full path at every length limit of every text of a complete plan', async () => {
    const limits = [3, 10, 20, 100, 200, 300, 500, 4000];
    const around = limits.flatMap((max) => ['x'.repeat(max), 'x'.repeat(max + 1), ` ${'x'.repeat(max)} `, '😀'.repeat(max), '😀'.repeat(max + 1), 'é\uFE0F'.repeat(max)]);
    const leaves = paths(completePlan()).values.filter((path) => typeof path[path.length - 1] === 'string' || path.length > 1);
    let read = 0;
    for (const path of leaves) {
      for (const value of [...around, '', '   ']) {
        const body = completePlan();
        set(body, path, value);
        const fast = CreatePlanDto.fastRead(clone(body));
        if (fast === undefined) continue;
        read++;
        const full = await fullPath(body);
        expect({ path, length: value.length, ok: full.ok }).toEqual({ path, length: value.length, ok: true });
        expect(fast).toStrictEqual((full as { dto: unknown }).dto);
      }
    }
    expect(read).toBeGreaterThan(100);
  });

  it('reads a complete plan, and the smallest one, without the full path', async () => {
    for (const body of [completePlan(), { issuerUnitId: unit(), type: 'KH', title: 'Chỉ có tiêu đề' }, { ...completePlan(), reportDuty: null, budget: null, basis: [] }]) {
      const fast = CreatePlanDto.fastRead(clone(body));
      expect(fast).toBeInstanceOf(CreatePlanDto);
      expect(fast).toStrictEqual(((await fullPath(body)) as { dto: unknown }).dto);
    }
  });

  it('leaves nulls, unknown fields, both or neither of a basis, and JSON-parsed __proto__ to the full path', () => {
    const plan = completePlan();
    expect(CreatePlanDto.fastRead({ ...plan, place: null })).toBeUndefined();
    expect(CreatePlanDto.fastRead({ ...plan, phases: null })).toBeUndefined();
    expect(CreatePlanDto.fastRead({ ...plan, extra: 1 })).toBeUndefined();
    expect(CreatePlanDto.fastRead({ ...plan, basis: [{ planId: randomUUID(), external: { type: 'KH', numberAndSymbol: '1' } }] })).toBeUndefined();
    expect(CreatePlanDto.fastRead({ ...plan, basis: [{}] })).toBeUndefined();
    expect(CreatePlanDto.fastRead({ ...plan, title: '   ' })).toBeUndefined();
    expect(CreatePlanDto.fastRead(JSON.parse(`{"issuerUnitId":"${randomUUID()}","type":"KH","title":"x","__proto__":{"x":1}}`))).toBeUndefined();
    expect(CreatePlanDto.fastRead([])).toBeUndefined();
  });
});
