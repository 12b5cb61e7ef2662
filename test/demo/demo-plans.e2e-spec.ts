import { DataSource } from 'typeorm';
import { DemoPlansSeeder } from '@app/demo';
import { demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('demo data: the four seed documents registered as the issued plans they are', () => {
  let t: TestApp;
  let ids: string[];
  let as: Record<string, Record<string, string>>;
  const unit = (key: string) => t.units.get(key)!;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    ids = await t.app.get(DemoPlansSeeder).seed(t.units);
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.auditor', 'lb.ward.officer', 'ln.secretary', 'duk.secretary', 'kt.secretary', 'ln.commune.officer']);
  });
  afterAll(() => t.close());

  it('registers each plan under its issuer as printed — number, date, signer — never re-issued today, citing its external parent', async () => {
    const [lb, ln, duk, kt] = await Promise.all(
      [['lb.secretary', ids[0]], ['ln.secretary', ids[1]], ['duk.secretary', ids[2]], ['kt.secretary', ids[3]]].map(async ([who, id]) => (await t.http.get(`/plans/${id}`).set(as[who]).expect(200)).body),
    );
    expect(lb).toMatchObject({
      issuerUnitId: unit('lb-district-committee'), state: 'issued', numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29',
      signature: { authority: 'T/M', signerTitle: 'PHÓ BÍ THƯ THƯỜNG TRỰC', signerName: 'Nguyễn Huy Thắng', registered: true },
    });
    expect(lb.basis).toEqual([{ external: expect.objectContaining({ numberAndSymbol: '02-KH/BTGTU', issuer: 'Ban Tuyên giáo Thành ủy Hà Nội' }) }]);
    // The Lục Ngạn copy prints neither its number nor its date: they stay unknown, not made up.
    expect(ln).toMatchObject({ issuerUnitId: unit('ln-district-committee'), state: 'issued', numberAndSymbol: null, issuedOn: null, signature: { signerName: 'Cao Văn Hoàn', registered: true } });
    expect(ln.basis).toEqual([{ external: expect.objectContaining({ numberAndSymbol: '19-KH/TU', issuedOn: '2021-05-18' }) }]);
    expect(duk).toMatchObject({ issuerUnitId: unit('bd-bloc-committee'), state: 'issued', numberAndSymbol: '10-KH/ĐUK', issuedOn: null, signature: { signerName: 'Bùi Quang Nhựt' } });
    expect(kt).toMatchObject({ issuerUnitId: unit('kt-ezone-board'), state: 'issued', numberAndSymbol: '17/KH-BQLKKT', issuedOn: null });
    expect(kt.basis.map((b: { external: { numberAndSymbol: string } }) => b.external.numberAndSymbol)).toEqual(['189/KH-UBND', '116-KH/TU']);
  });

  it('tracks the assignments of the demo units, which see them in their lists', async () => {
    const lbAssignments = (await t.http.get(`/plans/${ids[0]}/assignments`).set(as['lb.secretary']).expect(200)).body as { assigneeUnitId: string; state: string }[];
    expect(lbAssignments.map((a) => a.assigneeUnitId)).toEqual(expect.arrayContaining([unit('lb-propaganda'), unit('lb-people-committee'), unit('lb-culture-office'), unit('lb-ward-bo-de')]));
    expect(new Set(lbAssignments.map((a) => a.state))).toEqual(new Set(['assigned']));
    const ward = (await t.http.get('/me/assignments').set(as['lb.ward.officer']).expect(200)).body.items as { plan: { id: string } }[];
    expect(ward.map((a) => a.plan.id)).toContain(ids[0]);
    const commune = (await t.http.get('/me/assignments').set(as['ln.commune.officer']).expect(200)).body.items as { plan: { id: string } }[];
    expect(commune.map((a) => a.plan.id)).toContain(ids[1]);
  });

  it('records every step in the plan\'s audit chain, as any plan\'s', async () => {
    const history = (await t.http.get(`/plans/${ids[0]}/history`).set(as['lb.auditor']).expect(200)).body as { event: string; toState: string }[];
    expect(history.map((e) => e.event)).toEqual(['CREATE', 'REGISTER']);
    const verify = (await t.http.get(`/audit/verify?planId=${ids[0]}`).set(as['lb.auditor']).expect(200)).body;
    expect(verify.ok).toBe(true);
    const ln = (await t.http.get(`/plans/${ids[1]}`).set(as['ln.secretary']).expect(200)).body;
    // The Lục Ngạn plan names no report deadline: the demo's edit that supplies one is in its history.
    expect(ln.reportDuty).toMatchObject({ collectorUnitId: unit('ln-propaganda'), periodic: true });
  });

  it('leaves this year\'s registers alone: the next plan the Long Biên committee issues today is its first', async () => {
    const counters = (await t.app.get(DataSource).query(`SELECT period, last_number AS "lastNumber" FROM numbering_counters WHERE issuer_unit_id = $1`, [unit('lb-district-committee')])) as { period: string; lastNumber: number }[];
    expect(counters).toEqual([{ period: '2015', lastNumber: 17 }]);
  });
});
