import { DEMO_REORGANISATION_DAY, DemoPlansSeeder, DemoReorganisationSeeder, type DemoReorganisationSeeder as Seeder } from '@app/demo';
import { AuditService } from '@app/transitions';
import { demoTokens } from '../support/plan-fixtures.js';
import { bearer, ROOT, startTestApp, TestApp } from '../support/test-app.js';

describe('demo data: the 2025 reorganisation over the seeds\' bodies', () => {
  let t: TestApp;
  let plans: string[];
  let result: Awaited<ReturnType<Seeder['seed']>>;
  let root: Record<string, string>;
  let as: Record<string, Record<string, string>>;
  const unit = (key: string) => t.units.get(key)!;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    plans = await t.app.get(DemoPlansSeeder).seed(t.units);
    result = await t.app.get(DemoReorganisationSeeder).seed(t.units, ROOT.username);
    root = bearer(t.rootToken);
    as = await demoTokens(t, ['lb.secretary', 'lb.ward.officer']);
  });
  afterAll(() => t.close());

  it('keeps the seeds\' bodies valid until 30 June 2025 and the two-level structure after', async () => {
    expect(result).toMatchObject({ state: 'applied', effectiveOn: DEMO_REORGANISATION_DAY });
    for (const key of ['lb-district-committee', 'lb-ward-bo-de', 'ln-district-committee', 'ln-commune-bien-dong']) {
      expect((await t.http.get(`/units/${unit(key)}`).set(root)).body).toMatchObject({ validTo: '2025-06-30', active: false });
    }
    const hanoi = (await t.http.get(`/units/${unit('hn-city-committee')}/children?limit=100`).set(root)).body.items as { name: string; active: boolean }[];
    expect(hanoi.filter((u) => u.active).map((u) => u.name)).toEqual(
      expect.arrayContaining(['Đảng ủy phường Bồ Đề', 'Đảng ủy phường Long Biên', 'Đảng ủy phường Phúc Lợi', 'Đảng ủy phường Việt Hưng']),
    );
    // The tree as of a day.
    const hanoiOn = async (day: string) => ((await t.http.get(`/units/${unit('hn-city-committee')}/children?limit=100&asOf=${day}`).set(root)).body.items as { name: string }[]).map((u) => u.name);
    expect(await hanoiOn('2025-06-30')).toContain('Quận ủy Long Biên');
    expect(await hanoiOn('2025-06-30')).not.toContain('Đảng ủy phường Việt Hưng');
    expect(await hanoiOn('2025-07-01')).toContain('Đảng ủy phường Việt Hưng');
    expect(await hanoiOn('2025-07-01')).not.toContain('Quận ủy Long Biên');
    const lbOn = (await t.http.get(`/units/${unit('lb-district-committee')}/children?limit=100&asOf=2025-06-30`).set(root)).body.items as { name: string }[];
    expect(lbOn.map((u) => u.name)).toContain('Đảng ủy phường Bồ Đề');
    expect((await t.http.get(`/units/${unit('bg-provincial-committee')}`).set(root)).body.name).toBe('Tỉnh ủy Bắc Ninh');
    expect((await t.http.get(`/units/${unit('bg-provincial-committee')}?asOf=2025-06-30`).set(root)).body.name).toBe('Tỉnh ủy Bắc Giang');
  });

  it('keeps the seed plans readable with their issuers as they were, their open work with today\'s units', async () => {
    const lb = (await t.http.get(`/plans/${plans[0]}`).set(as['lb.secretary']).expect(200)).body;
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
});
