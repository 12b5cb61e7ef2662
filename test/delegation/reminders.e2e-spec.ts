import { DataSource } from 'typeorm';
import { NotificationDelivery } from '@app/notifications';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  assigneeUnitId: string;
  version: number;
}

describe('reminders (đôn đốc)', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let assignments: Tracked[];
  const ward = () => assignments.find((a) => a.assigneeUnitId === t.units.get('lb-ward-bo-de'))!;
  const others = () => assignments.filter((a) => a.assigneeUnitId !== t.units.get('lb-ward-bo-de'));

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer', 'ln.secretary']);
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    assignments = (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary'])).body;
  });
  afterAll(() => t.close());

  const send = (who: string, body: object) => t.http.post('/assignments/reminders').set(as[who]).send(body);
  const history = (who: string, id: string, query = '') => t.http.get(`/assignments/${id}/reminders${query}`).set(as[who]);
  const count = async () => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM sent_reminders'))[0].n);

  it("lets the issuer's monitor urge several units at once; each unit is told and sees it in its history", async () => {
    const message = 'Đề nghị khẩn trương báo cáo kết quả trước ngày 04/02/2016.';
    const res = await send('lb.monitor', { assignmentIds: [ward().id, others()[0].id], message });
    expect(res.status).toBe(201);
    expect(res.body.sent.map((s: { assignmentId: string }) => s.assignmentId)).toEqual([ward().id, others()[0].id]);

    await t.app.get(NotificationDelivery).deliverAll();
    const inbox = (await t.http.get('/me/notifications').set(as['lb.ward.officer'])).body.items;
    expect(inbox).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'reminder', subjectId: ward().id, payload: expect.objectContaining({ message }) })]));

    const seen = await history('lb.ward.officer', ward().id);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toEqual([
      { kind: 'manual', sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), message, senderName: expect.any(String), senderUnitName: 'Quận ủy Long Biên', dueOn: null, offsetDays: null },
    ]);
  });

  it('lists hand-sent and automatic reminders together, newest first, page by page', async () => {
    const target = others()[1];
    await t.app.get(DataSource).query(
      `INSERT INTO assignment_reminders (assignment_id, due_on, offset_days, sent_at) VALUES ($1, '2016-02-04', -3, now() - interval '2 days'), ($1, '2016-02-04', 1, now() + interval '1 day')`,
      [target.id],
    );
    expect((await send('lb.secretary', { assignmentIds: [target.id], message: 'Nhắc lần 1' })).status).toBe(201);
    expect((await send('lb.secretary', { assignmentIds: [target.id], message: 'Nhắc lần 2' })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await history('lb.monitor', target.id, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: { kind: string; message: string | null; offsetDays: number | null }) => r.message ?? `auto ${r.offsetDays}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['auto 1', 'Nhắc lần 2', 'Nhắc lần 1', 'auto -3']);
  });

  it('refuses the assignee side, and a unit outside the plan does not see the assignment; nothing is sent', async () => {
    const before = await count();
    const officer = await send('lb.ward.officer', { assignmentIds: [ward().id], message: 'x' });
    expect([officer.status, officer.body.code]).toEqual([403, 'FORBIDDEN']);
    const stranger = await send('ln.secretary', { assignmentIds: [ward().id], message: 'x' });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await history('ln.secretary', ward().id)).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it('sends none when one of them is settled or unknown', async () => {
    const waived = others()[2];
    await t.http.post(`/assignments/${waived.id}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: waived.version, reason: 'Không còn phù hợp' }).expect(200);
    const before = await count();
    const settled = await send('lb.monitor', { assignmentIds: [ward().id, waived.id], message: 'x' });
    expect(settled.status).toBe(409);
    expect(settled.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'ASSIGNMENT_SETTLED', assignmentIds: [waived.id] } });
    const unknown = await send('lb.monitor', { assignmentIds: [ward().id, '00000000-0000-4000-8000-000000000000'], message: 'x' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await count()).toBe(before);
  });

  it('refuses bad input with VALIDATION_FAILED', async () => {
    const before = await count();
    for (const body of [
      {},
      { assignmentIds: [], message: 'x' },
      { assignmentIds: [ward().id, ward().id], message: 'x' },
      { assignmentIds: ['nope'], message: 'x' },
      { assignmentIds: [ward().id], message: '   ' },
      { assignmentIds: [ward().id], message: 'x'.repeat(2001) },
      { assignmentIds: ward().id, message: 'x' },
    ]) {
      const res = await send('lb.monitor', body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.code]).toEqual([JSON.stringify(body).slice(0, 60), 400, 'VALIDATION_FAILED']);
    }
    expect((await history('lb.monitor', ward().id, '?cursor=junk')).status).toBe(400);
    expect(await count()).toBe(before);
  });
});
