import { DemoPlansSeeder } from '@app/demo';
import { demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('demo data: the four seed documents as issued plans', () => {
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

  it('issues each plan under its issuer, numbered on from the document\'s own number, citing its external parent', async () => {
    const [lb, ln, duk, kt] = await Promise.all(
      [['lb.secretary', ids[0]], ['ln.secretary', ids[1]], ['duk.secretary', ids[2]], ['kt.secretary', ids[3]]].map(async ([who, id]) => (await t.http.get(`/plans/${id}`).set(as[who]).expect(200)).body),
    );
    expect(lb).toMatchObject({ issuerUnitId: unit('lb-district-committee'), state: 'issued', numberAndSymbol: '17-KH/QU', signature: { authority: 'T/M', signerTitle: 'PHÓ BÍ THƯ THƯỜNG TRỰC', signerName: 'Nguyễn Huy Thắng' } });
    expect(lb.basis).toEqual([{ external: expect.objectContaining({ numberAndSymbol: '02-KH/BTGTU', issuer: 'Ban Tuyên giáo Thành ủy Hà Nội' }) }]);
    expect(ln).toMatchObject({ issuerUnitId: unit('ln-district-committee'), state: 'issued', numberAndSymbol: '1-KH/HU', signature: { signerName: 'Cao Văn Hoàn' } });
    expect(ln.basis).toEqual([{ external: expect.objectContaining({ numberAndSymbol: '19-KH/TU', issuedOn: '2021-05-18' }) }]);
    expect(duk).toMatchObject({ issuerUnitId: unit('bd-bloc-committee'), state: 'issued', numberAndSymbol: '10-KH/ĐUK', signature: { signerName: 'Bùi Quang Nhựt' } });
    expect(kt).toMatchObject({ issuerUnitId: unit('kt-ezone-board'), state: 'issued', numberAndSymbol: '17/KH-BQLKKT' });
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
    expect(history.map((e) => e.event)).toEqual(['CREATE', 'SUBMIT', 'ISSUE']);
    const verify = (await t.http.get(`/audit/verify?planId=${ids[0]}`).set(as['lb.auditor']).expect(200)).body;
    expect(verify.ok).toBe(true);
    const ln = (await t.http.get(`/plans/${ids[1]}`).set(as['ln.secretary']).expect(200)).body;
    // The Lục Ngạn plan names no report deadline: the demo's edit that supplies one is in its history.
    expect(ln.reportDuty).toMatchObject({ collectorUnitId: unit('ln-propaganda'), periodic: true });
  });
});
