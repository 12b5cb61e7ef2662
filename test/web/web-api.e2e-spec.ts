import { createHash } from 'node:crypto';
import { FakeClock } from '../support/fake-clock.js';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan, planBody } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** What the web app's screens read from the API: deadline status, the issued document, the signature prefill, tab filters. */
describe('the API for the web screens', () => {
  const clock = new FakeClock('2016-01-29T09:00:00+07:00'); // a Friday
  let t: TestApp;
  let h: Record<string, Headers>;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, clock });
    h = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.ward.officer']);
  });
  afterAll(() => t.close());

  const statusOf = async (id: string) => (await t.http.get(`/assignments/${id}`).set(h['lb.ward.officer']).expect(200)).body.deadlineStatus;

  it('gives each tracked assignment its deadline status as of today in Vietnam, in working days', async () => {
    clock.set('2016-01-29T09:00:00+07:00');
    const { assignments } = await issuePlan(t, h['lb.drafter'], h['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de', dueOn: '2016-02-04' }] });
    const [a] = assignments;
    // Fri 29 Jan → Thu 4 Feb is 4 working days: not yet within the 3-day window, not taken up.
    expect(await statusOf(a.id)).toBe('not_yet_due');
    const ack = await t.http.post(`/assignments/${a.id}/events`).set(h['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: a.version }).expect(200);
    expect(await statusOf(a.id)).toBe('in_progress');
    clock.set('2016-02-01T09:00:00+07:00'); // Monday: Tue, Wed, Thu left
    expect(await statusOf(a.id)).toBe('due_soon');
    const mine = await t.http.get('/me/assignments').set(h['lb.ward.officer']).expect(200);
    expect(mine.body.items.find((i: { id: string }) => i.id === a.id).deadlineStatus).toBe('due_soon');
    clock.set('2016-02-05T09:00:00+07:00');
    expect(await statusOf(a.id)).toBe('overdue');

    const report = await t.http.post(`/assignments/${a.id}/reports`).set(h['lb.ward.officer']).send({}).expect(201);
    const written = await t.http.patch(`/reports/${report.body.id}`).set(h['lb.ward.officer']).send({ expectedVersion: report.body.version, results: 'Đã treo 40 băng rôn.' }).expect(200);
    await t.http.post(`/reports/${report.body.id}/events`).set(h['lb.ward.officer']).send({ type: 'SUBMIT', expectedVersion: written.body.version }).expect(200);
    const reported = (await t.http.get(`/assignments/${a.id}`).set(h['lb.ward.officer']).expect(200)).body;
    expect(reported).toMatchObject({ state: 'reported', reportedOn: '2016-02-05', deadlineStatus: 'done_late' });
    expect(ack.body.state).toBe('acknowledged');
  });

  it('shows the issued document\'s SHA-256, the one the PDF download hashes to', async () => {
    clock.set('2016-01-29T09:00:00+07:00');
    const { planId } = await issuePlan(t, h['lb.drafter'], h['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    const plan = (await t.http.get(`/plans/${planId}`).set(h['lb.secretary']).expect(200)).body;
    expect(plan.issuedDocument).toMatchObject({ pdfUrl: `/plans/${planId}/document.pdf`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const pdf = await t.http.get(plan.issuedDocument.pdfUrl).set(h['lb.secretary']).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(createHash('sha256').update(pdf.body as Buffer).digest('hex')).toBe(plan.issuedDocument.sha256);
    expect(plan.issuedDocument.size).toBe((pdf.body as Buffer).length);
    expect(plan.signatureDefaults).toBeNull();
  });

  it('prefills the signature block only for who may issue: the caller\'s own last signature at the issuer', async () => {
    const created = await t.http.post('/plans').set(h['lb.drafter']).send(planBody(t, { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] })).expect(201);
    expect(created.body.signatureDefaults).toBeNull();
    expect(created.body.issuedDocument).toBeNull();
    await t.http.post(`/plans/${created.body.id}/events`).set(h['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    const forDrafter = (await t.http.get(`/plans/${created.body.id}`).set(h['lb.drafter']).expect(200)).body;
    expect(forDrafter.signatureDefaults).toBeNull();
    const forSecretary = (await t.http.get(`/plans/${created.body.id}`).set(h['lb.secretary']).expect(200)).body;
    expect(forSecretary.nextEvents).toEqual(expect.arrayContaining(['ISSUE', 'RETURN']));
    // The earlier tests issued with the fixtures' signature, as lb.secretary.
    expect(forSecretary.signatureDefaults).toEqual({ authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' });
  });

  it('shows a returned draft the secretary\'s last comment, which the drafter cannot read from the auditor\'s history', async () => {
    const created = await t.http.post('/plans').set(h['lb.drafter']).send(planBody(t, { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] })).expect(201);
    const id = created.body.id;
    expect(created.body.lastReturn).toBeNull();
    const send = async (who: string, body: object) => (await t.http.post(`/plans/${id}/events`).set(h[who]).send(body).expect(200)).body;
    const version = async () => (await t.http.get(`/plans/${id}`).set(h['lb.drafter']).expect(200)).body.version;
    await send('lb.drafter', { type: 'SUBMIT', expectedVersion: await version() });
    await send('lb.secretary', { type: 'RETURN', expectedVersion: await version(), comment: 'Thiếu chỉ tiêu.' });
    await send('lb.drafter', { type: 'SUBMIT', expectedVersion: await version() });
    await send('lb.secretary', { type: 'RETURN', expectedVersion: await version(), comment: 'Ghi rõ thời hạn báo cáo.' });
    const returned = (await t.http.get(`/plans/${id}`).set(h['lb.drafter']).expect(200)).body;
    expect(returned.state).toBe('draft.returned');
    expect(returned.lastReturn).toEqual({ comment: 'Ghi rõ thời hạn báo cáo.', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), actorName: expect.any(String) });
    expect(returned.lastReturn.actorName).not.toBe('');
    await t.http.get(`/plans/${id}/history`).set(h['lb.drafter']).expect(403);
    // Resubmitted, the secretary still sees what was asked; an issued plan no longer carries it.
    await send('lb.drafter', { type: 'SUBMIT', expectedVersion: await version() });
    expect((await t.http.get(`/plans/${id}`).set(h['lb.secretary']).expect(200)).body.lastReturn.comment).toBe('Ghi rõ thời hạn báo cáo.');
    const { planId } = await issuePlan(t, h['lb.drafter'], h['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    expect((await t.http.get(`/plans/${planId}`).set(h['lb.drafter']).expect(200)).body.lastReturn).toBeNull();
  });

  it('lists plans in any of several states, for the inbox tabs', async () => {
    const both = await t.http.get('/plans').query({ state: 'draft.submitted,issued', issuerUnitId: t.units.get('lb-district-committee') }).set(h['lb.secretary']).expect(200);
    const states = new Set(both.body.items.map((p: { state: string }) => p.state));
    expect(states).toEqual(new Set(['draft.submitted', 'issued']));
    const parent = await t.http.get('/plans').query({ state: 'draft' }).set(h['lb.drafter']).expect(200);
    expect(parent.body.items.every((p: { state: string }) => p.state.startsWith('draft.'))).toBe(true);
    const bad = await t.http.get('/plans').query({ state: 'issued;drop' }).set(h['lb.secretary']).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
