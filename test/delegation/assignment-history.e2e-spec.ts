import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { member } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('GET /assignments/:id/history', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let ward: { id: string; version: number };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.auditor', 'lb.ward.officer']);
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const list: { id: string; version: number; assigneeUnitId: string }[] = (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary'])).body;
    ward = list.find((a) => a.assigneeUnitId === t.units.get('lb-ward-bo-de'))!;
    await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: ward.version }).expect(200);
  });
  afterAll(() => t.close());

  it("gives an auditor of the plan's issuer every step, chained", async () => {
    const res = await t.http.get(`/assignments/${ward.id}/history`).set(as['lb.auditor']);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { event: string; toState: string }) => `${e.event}→${e.toState}`)).toEqual(['ASSIGN→assigned', 'ACKNOWLEDGE→acknowledged']);
    expect(res.body[1].prevHash).toBe(res.body[0].hash);
    expect(res.body[1].actor).toMatchObject({ username: 'lb.ward.officer', role: 'unit_officer', unitId: t.units.get('lb-ward-bo-de') });
  });

  it('downloads it as CSV with a BOM, one row per step', async () => {
    const res = await t.http.get(`/assignments/${ward.id}/history?format=csv`).set(as['lb.auditor']).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="assignment-${ward.id}-history.csv"; filename*=UTF-8''assignment-${ward.id}-history.csv`);
    const lines = (res.body as string).split('\r\n').filter(Boolean);
    expect(lines[0].startsWith('\uFEFF')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('ACKNOWLEDGE');
  });

  it('refuses people who do not audit it, and hides it from units outside', async () => {
    expect((await t.http.get(`/assignments/${ward.id}/history`).set(as['lb.ward.officer'])).status).toBe(403);
    const outsider = await member(t, 'ln.auditor', 'ln-district-committee', 'auditor');
    expect((await t.http.get(`/assignments/${ward.id}/history`).set(outsider)).status).toBe(404);
    const bad = await t.http.get(`/assignments/${ward.id}/history?format=xml`).set(as['lb.auditor']);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
