import fc from 'fast-check';
import { AuditService } from '@app/transitions';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

const PASSWORD = 'property-password-1';
const BEFORE = '2025-06-30';
const EFFECTIVE = '2025-07-01';

/**
 * Random trees with open work (a drafter's membership at every unit, draft plans at some),
 * random reorganisations over them through the real API. Accepted: no open item is left with
 * a unit that has ended, every handed-over item has exactly one HANDOVER naming the
 * reorganisation, the chains verify, and reads as of the day before are unchanged.
 * Refused: nothing changed at all.
 */
describe('reorganisations over random trees (property)', () => {
  let t: TestApp;
  let root: Record<string, string>;
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp();
    root = bearer(t.rootToken);
  });
  afterAll(() => t.close());

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => t.app.get(AuditService)['db'].query(sql, params);

  const build = async (parents: number[], drafts: boolean[]) => {
    run += 1;
    const ids: string[] = [];
    const top = await t.http.post('/units').set(root).send({ name: `Tỉnh ủy ${run}`, shortName: 'TU', kind: 'party_committee', parentId: null, symbolStyle: 'party' });
    ids.push(top.body.id);
    for (const [i, p] of parents.entries()) {
      const res = await t.http.post('/units').set(root).send({ name: `Đơn vị ${run}.${i + 1}`, shortName: 'ĐV', kind: 'party_committee', parentId: ids[p], symbolStyle: 'party' });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const user = await t.http.post('/users').set(root).send({ username: `drafter.${run}`, password: PASSWORD, displayName: `Drafter ${run}` });
    for (const unitId of ids) await t.http.post(`/users/${user.body.id}/memberships`).set(root).send({ unitId, role: 'drafter' }).expect(201);
    const drafter = bearer(await t.login(`drafter.${run}`, PASSWORD));
    for (const [i, unitId] of ids.entries()) {
      if (!drafts[i % drafts.length]) continue;
      const res = await t.http.post('/plans').set(drafter).send({
        issuerUnitId: unitId, type: 'KH', title: `Kế hoạch ${run}.${i}`, purposes: ['Mục đích'], phases: [], forms: [], assignments: [], footnotes: [], recipients: [],
      });
      expect(res.status).toBe(201);
    }
    return ids;
  };

  /** What a read as of a day tells of that day (the rest, e.g. updatedAt or validTo, is today's). */
  const readAsOf = (ids: string[]) =>
    Promise.all(
      ids.map(async (id) => {
        const res = await t.http.get(`/units/${id}?asOf=${BEFORE}`).set(root);
        const { name, shortName, kind, parentId, symbolStyle, active } = res.body;
        return { status: res.status, id, name, shortName, kind, parentId, symbolStyle, active };
      }),
    );

  const change = (size: number) => {
    const unit = fc.integer({ min: 0, max: size - 1 });
    return fc.oneof(
      fc.record({ kind: fc.constant('dissolve'), unit, successor: unit }),
      fc.record({ kind: fc.constant('merge'), from: fc.uniqueArray(unit, { minLength: 1, maxLength: 2 }), into: unit }),
      fc.record({ kind: fc.constant('move'), unit, parent: unit }),
      fc.record({ kind: fc.constant('rename'), unit }),
    );
  };
  const cases = fc.integer({ min: 3, max: 8 }).chain((size) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: size - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
      drafts: fc.array(fc.boolean(), { minLength: 1, maxLength: size }),
      changes: fc.array(change(size), { minLength: 1, maxLength: 3 }),
    }),
  );

  it('hands every open item over exactly once and keeps the past as it was', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ parents, drafts, changes }) => {
        const ids = await build(parents, drafts);
        const body = {
          effectiveOn: EFFECTIVE,
          changes: changes.map((c) => {
            if (c.kind === 'dissolve') return { kind: 'dissolve', unitId: ids[c.unit], successorId: ids[c.successor] };
            if (c.kind === 'merge') return { kind: 'merge', from: c.from.map((i) => ids[i]), into: ids[c.into] };
            if (c.kind === 'move') return { kind: 'move', unitId: ids[c.unit], parentId: ids[c.parent] };
            return { kind: 'rename', unitId: ids[c.unit], name: `Tên mới ${c.unit}` };
          }),
        };
        const before = await readAsOf(ids);
        const entriesBefore = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries`))[0].n;
        const res = await t.http.post('/reorganisations').set(root).send(body);
        expect([201, 422]).toContain(res.status);
        expect(await readAsOf(ids)).toEqual(before);
        if (res.status === 422) {
          expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries`))[0].n).toBe(entriesBefore);
          expect(await query(`SELECT 1 FROM units WHERE id = ANY($1::uuid[]) AND valid_to <> 'infinity'`, [ids])).toEqual([]);
          return;
        }
        accepted += 1;
        const ended = await query<{ id: string }>(`SELECT id FROM units WHERE id = ANY($1::uuid[]) AND valid_to < $2::date`, [ids, EFFECTIVE]);
        expect(ended.map((u) => u.id).sort()).toEqual([...res.body.units.dissolved].sort());
        const stranded = await query(
          `SELECT id FROM plans WHERE issuer_unit_id = ANY($1::uuid[]) AND state LIKE 'draft%'
           UNION ALL SELECT id FROM memberships WHERE unit_id = ANY($1::uuid[]) AND state = 'current'`,
          [ended.map((u) => u.id)],
        );
        expect(stranded).toEqual([]);
        const handovers = res.body.handovers as { id: string }[];
        const counted = await query<{ subjectId: string; n: number }>(
          `SELECT subject_id AS "subjectId", count(*)::int AS n FROM audit_entries WHERE event = 'HANDOVER' AND payload->>'reorganisationId' = $1 GROUP BY subject_id`,
          [res.body.id],
        );
        expect(counted.map((c) => c.subjectId).sort()).toEqual(handovers.map((h) => h.id).sort());
        expect(counted.every((c) => c.n === 1)).toBe(true);
        const verified = await t.app.get(AuditService).verify(handovers.map((h) => h.id));
        expect(verified.ok).toBe(true);
      }),
      { numRuns: 12 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
