import { DEMO_REORGANISATION_DAY, DEMO_WORK, DemoData, type SeededDemo } from '@app/demo';
import { AuditService } from '@app/transitions';
import { demoTokens } from '../support/plan-fixtures.js';
import { bearer, ROOT, startTestApp, TestApp } from '../support/test-app.js';

interface Item { id: string; plan: { id: string; title: string }; state: string; deadlineStatus: string; assigneeUnitName: string; assigneeUnitId: string }
interface Summary { id: string; title: string; state: string; numberAndSymbol: string | null }

/** The default demo (`npm start`): the seeds, the 2025 reorganisation over them, then the day's work at today's units. */
describe('demo data: the 2025 reorganisation over the seeds\' bodies', () => {
  let t: TestApp;
  let result: NonNullable<SeededDemo['reorganisation']>;
  let plans: string[];
  let root: Record<string, string>;
  let as: Record<string, Record<string, string>>;
  const unit = (key: string) => t.units.get(key)!;
  const get = async (who: string, path: string) => (await t.http.get(path).set(as[who]).expect(200)).body;
  const plansOf = async (who: string): Promise<Summary[]> => (await get(who, '/plans?limit=100')).items;
  const planTitled = async (who: string, title: string, state?: string) => (await plansOf(who)).find((p) => p.title === title && (!state || p.state === state))!;

  beforeAll(async () => {
    t = await startTestApp();
    // As main.ts does with DEMO_DATA.
    const demo = (await t.app.get(DemoData).seedIfEmpty(ROOT.username, { reorganisation: true }))!;
    t.units = demo.units;
    plans = demo.plans;
    result = demo.reorganisation!;
    root = bearer(t.rootToken);
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer', 'lb.auditor', 'ln.secretary', 'ln.commune.officer']);
  }, 180_000);
  afterAll(() => t.close());

  it('keeps the seeds\' bodies valid until 30 June 2025 and the two-level structure after', async () => {
    expect(result).toMatchObject({ state: 'applied', effectiveOn: DEMO_REORGANISATION_DAY });
    for (const key of ['lb-district-committee', 'lb-ward-bo-de', 'ln-district-committee', 'ln-commune-bien-dong']) {
      expect((await t.http.get(`/units/${unit(key)}`).set(root)).body).toMatchObject({ validTo: '2025-06-30', active: false });
    }
    // Sài Đồng ended earlier, on 31 December 2024 (Resolution 1286/NQ-UBTVQH15).
    expect((await t.http.get(`/units/${unit('lb-ward-sai-dong')}`).set(root)).body).toMatchObject({ validTo: '2024-12-31', active: false });
    const hanoi = (await t.http.get(`/units/${unit('hn-city-committee')}/children?limit=100`).set(root)).body.items as { name: string; active: boolean }[];
    expect(hanoi.filter((u) => u.active).map((u) => u.name).sort()).toEqual(
      ['Ban Tuyên giáo và Dân vận Thành ủy Hà Nội', 'Đảng ủy phường Bồ Đề', 'Đảng ủy phường Long Biên', 'Đảng ủy phường Phúc Lợi', 'Đảng ủy phường Việt Hưng'].sort(),
    );
    const bacNinh = (await t.http.get(`/units/${unit('bg-provincial-committee')}/children?limit=100`).set(root)).body.items as { name: string; active: boolean }[];
    expect(bacNinh.filter((u) => u.active).map((u) => u.name)).toEqual(
      expect.arrayContaining(['Đảng ủy xã Biển Động', 'Đảng ủy xã Kiên Lao', 'Đảng ủy xã Nam Dương', 'Đảng ủy phường Phượng Sơn']),
    );
    // The tree as of a day.
    const hanoiOn = async (day: string) => ((await t.http.get(`/units/${unit('hn-city-committee')}/children?limit=100&asOf=${day}`).set(root)).body.items as { name: string }[]).map((u) => u.name);
    expect(await hanoiOn('2025-06-30')).toContain('Quận ủy Long Biên');
    expect(await hanoiOn('2025-06-30')).not.toContain('Đảng ủy phường Việt Hưng');
    expect(await hanoiOn('2025-07-01')).toContain('Đảng ủy phường Việt Hưng');
    expect(await hanoiOn('2025-07-01')).not.toContain('Quận ủy Long Biên');
    const lbOn = async (day: string) => ((await t.http.get(`/units/${unit('lb-district-committee')}/children?limit=100&asOf=${day}`).set(root)).body.items as { name: string }[]).map((u) => u.name);
    expect(await lbOn('2025-06-30')).toContain('Đảng ủy phường Bồ Đề');
    expect(await lbOn('2024-12-31')).toContain('Đảng ủy phường Sài Đồng');
    expect(await lbOn('2025-06-30')).not.toContain('Đảng ủy phường Sài Đồng');
    expect((await t.http.get(`/units/${unit('bg-provincial-committee')}`).set(root)).body.name).toBe('Tỉnh ủy Bắc Ninh');
    expect((await t.http.get(`/units/${unit('bg-provincial-committee')}?asOf=2025-06-30`).set(root)).body.name).toBe('Tỉnh ủy Bắc Giang');
  });

  it('keeps the seed plans readable with their issuers as they were, their open work with today\'s units', async () => {
    const lb = await get('lb.secretary', `/plans/${plans[0]}`);
    expect(lb.numberAndSymbol).toBe('17-KH/QU');
    // Held by the city committee now; issued by the district committee under its name of the day.
    expect(lb).toMatchObject({ issuerUnitId: unit('hn-city-committee'), issuedBy: { unitId: unit('lb-district-committee'), unitName: 'Quận ủy Long Biên' } });
    expect((await t.http.get(`/units/${unit('lb-district-committee')}?asOf=${lb.issuedOn}`).set(root)).body.name).toBe('Quận ủy Long Biên');
    const ended = [...t.units.entries()].filter(([key]) => key.startsWith('lb-') || key.startsWith('ln-')).map(([, id]) => id);
    const open = await t.app.get(AuditService)['db'].query(
      `SELECT id FROM plan_assignments WHERE assignee_unit_id = ANY($1::uuid[]) AND state IN ('assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned')`,
      [ended],
    );
    expect(open).toEqual([]);
    const moved = result.handovers.filter((h) => h.subjectType === 'assignment');
    expect(moved.length).toBeGreaterThan(0);
    expect((await t.app.get(AuditService).verify(result.handovers.map((h) => h.id))).ok).toBe(true);
    // The ward officer now acts for the new ward and still reads the old one.
    expect((await t.http.get(`/units/${unit('lb-ward-bo-de')}`).set(as['lb.ward.officer'])).status).toBe(200);
  });

  it('hands the seed plans\' open work to the new ward and commune, each with a HANDOVER', async () => {
    const cases = [['lb.ward.officer', 'lb-ward-bo-de', 'hn-ward-bo-de', plans[0]], ['ln.commune.officer', 'ln-commune-bien-dong', 'bn-commune-bien-dong', plans[1]]] as const;
    for (const [who, from, to, plan] of cases) {
      // A merged ward holds each old ward's assignment of the plan; one of them was the officer's own ward's.
      const handed = ((await get(who, '/me/assignments?limit=100')).items as Item[]).filter((a) => a.plan.id === plan);
      expect(handed.length).toBeGreaterThan(0);
      for (const a of handed) expect(a.assigneeUnitId).toBe(unit(to));
      const ids = handed.map((a) => a.id);
      expect(result.handovers.filter((h) => ids.includes(h.id))).toContainEqual(expect.objectContaining({ subjectType: 'assignment', fromUnitId: unit(from), toUnitId: unit(to) }));
    }
    // Sài Đồng's assignments went to Phúc Lợi on 1 January 2025 (and on with it on 1 July).
    const [{ n }] = await t.app.get(AuditService)['db'].query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE event = 'HANDOVER' AND subject_type = 'assignment' AND payload->>'effectiveOn' = '2025-01-01' AND payload->>'fromUnitId' = $1`,
      [unit('lb-ward-sai-dong')],
    );
    expect(n).toBeGreaterThan(0);
    // The auditor (of the city committee now) reads the handover in the assignment's history.
    const handed = ((await get('lb.auditor', `/plans/${plans[0]}/assignments`)) as Item[]).find((a) => a.assigneeUnitId === unit('hn-ward-bo-de'))!;
    expect(((await get('lb.auditor', `/assignments/${handed.id}/history`)) as { event: string }[]).map((e) => e.event)).toContain('HANDOVER');
    expect(await get('ln.secretary', `/plans/${plans[1]}`)).toMatchObject({ issuedBy: { unitName: 'Huyện ủy Lục Ngạn' } });
  });

  it('gives every Long Biên account its day\'s work at the unit it acts for now', async () => {
    const mine: Item[] = (await get('lb.ward.officer', '/me/assignments?limit=100')).items;
    expect(mine.find((a) => a.plan.title === DEMO_WORK.dueSoon)).toMatchObject({ state: 'assigned', deadlineStatus: 'due_soon', assigneeUnitId: unit('hn-ward-bo-de') });
    const returned = mine.find((a) => a.plan.title === DEMO_WORK.returned)!;
    expect((await get('lb.ward.officer', `/assignments/${returned.id}/report`)).state).toBe('returned');

    const dueSoon = await planTitled('lb.monitor', DEMO_WORK.dueSoon);
    expect((await get('lb.monitor', `/plans/${dueSoon.id}`)).issuerUnitId).toBe(unit('hn-city-committee'));
    expect((await get('lb.monitor', `/plans/${dueSoon.id}/cascade`)).totals.overdue).toBe(1);
    const late = ((await get('lb.monitor', `/plans/${dueSoon.id}/assignments`)) as Item[]).find((a) => a.deadlineStatus === 'overdue')!;
    expect(late.assigneeUnitName).toBe('Đảng ủy phường Long Biên');
    expect((await get('lb.monitor', `/assignments/${late.id}/reminders`)).items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'manual' })]));

    expect(await planTitled('lb.secretary', DEMO_WORK.awaiting)).toMatchObject({ state: 'draft.submitted' });
    expect(await planTitled('lb.drafter', DEMO_WORK.awaiting)).toBeDefined();
    const original = await planTitled('lb.auditor', DEMO_WORK.amended, 'superseded');
    expect(((await get('lb.auditor', `/plans/${original.id}/history`)) as { event: string }[]).map((e) => e.event)).toEqual(expect.arrayContaining(['RETURN', 'ISSUE']));
    for (const p of await plansOf('lb.auditor')) expect((await get('lb.auditor', `/audit/verify?planId=${p.id}`)).ok).toBe(true);
  });
});
