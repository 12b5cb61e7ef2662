import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { DEMO_PASSWORD } from '@app/demo';
import { NotificationDelivery } from '@app/notifications';
import { TransitionRunner } from '@app/transitions';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Notice {
  id: string;
  type: string;
  unitId: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

describe('in-app notifications from the outbox', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;
  /** Set to make the next plan RETURN fail after its notification was written. */
  let failNextReturn = false;

  const deliver = () => t.app.get(NotificationDelivery).deliverAll();
  const list = async (who: string, query = 'limit=500'): Promise<{ items: Notice[]; nextCursor: string | null; unreadCount: number }> =>
    (await t.http.get(`/me/notifications?${query}`).set(as[who])).body;
  const submitted = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    db = t.app.get(DataSource);
    t.app.get(TransitionRunner).onStep('plan', 'RETURN', async () => {
      if (!failNextReturn) return;
      failNextReturn = false;
      throw DomainError.conflict('Injected failure after the notification was written', { reason: 'TEST' });
    });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.secretary']);
  });
  afterAll(() => t.close());

  it('tells an assignee unit\'s people that an assignment arrived, and nobody else', async () => {
    const planId = await submitted();
    await t.http.post(`/plans/${planId}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    expect(await deliver()).toBeGreaterThan(0);
    const ward = (await list('lb.ward.officer')).items;
    expect(ward).toEqual([
      expect.objectContaining({ type: 'assignment_received', unitId: t.units.get('lb-ward-bo-de'), subjectType: 'assignment', payload: { planId }, readAt: null }),
    ]);
    expect((await list('lb.drafter')).items.filter((n) => n.type === 'assignment_received')).toEqual([]);
    expect((await list('ln.secretary')).items).toEqual([]);
  });

  it('returns a draft to its drafting unit with the comment: every person there hears of it', async () => {
    const planId = await submitted();
    await t.http.post(`/plans/${planId}/events`).set(as['lb.secretary']).send({ type: 'RETURN', expectedVersion: 2, comment: 'Bổ sung kinh phí' }).expect(200);
    await deliver();
    for (const who of ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor']) {
      expect((await list(who)).items.filter((n) => n.subjectId === planId)).toEqual([
        expect.objectContaining({ type: 'plan_returned', subjectType: 'plan', unitId: t.units.get('lb-district-committee'), payload: { planId, comment: 'Bổ sung kinh phí' } }),
      ]);
    }
    expect((await list('lb.ward.officer')).items.filter((n) => n.subjectId === planId)).toEqual([]);
  });

  it('has a notification exactly when its step committed: a step that rolls back leaves none', async () => {
    const planId = await submitted();
    const before = (await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n;
    failNextReturn = true;
    const refused = await t.http.post(`/plans/${planId}/events`).set(as['lb.secretary']).send({ type: 'RETURN', expectedVersion: 2, comment: 'Lần một' });
    expect([refused.status, refused.body.code]).toEqual([409, 'CONFLICT']);
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(before);
    await deliver();
    expect((await list('lb.drafter')).items.filter((n) => n.subjectId === planId)).toEqual([]);

    await t.http.post(`/plans/${planId}/events`).set(as['lb.secretary']).send({ type: 'RETURN', expectedVersion: 2, comment: 'Lần hai' }).expect(200);
    await deliver();
    expect((await list('lb.drafter')).items.filter((n) => n.subjectId === planId).map((n) => n.payload.comment)).toEqual(['Lần hai']);
  });

  it('delivers a message once per person, however often it is delivered', async () => {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n;
    const before = await count();
    await db.query(`UPDATE outbox SET delivered_at = NULL`);
    await Promise.all([deliver(), deliver()]);
    expect(await count()).toBe(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`))[0].n).toBe(0);
  });

  it('pages newest first, filters unread and counts them', async () => {
    const all = await list('lb.drafter');
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    expect(all.unreadCount).toBe(all.items.length);
    const times = all.items.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Notice[]; nextCursor: string | null } = await list('lb.drafter', `limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((n) => n.id));
  });

  it('marks one read, once, and only the caller\'s own', async () => {
    const [first] = (await list('lb.drafter')).items;
    const read = await t.http.post(`/me/notifications/${first.id}/read`).set(as['lb.drafter']);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
    const again = await t.http.post(`/me/notifications/${first.id}/read`).set(as['lb.drafter']);
    expect(again.body.readAt).toBe(read.body.readAt);
    const after = await list('lb.drafter');
    expect(after.unreadCount).toBe(after.items.length - 1);
    expect((await list('lb.drafter', 'unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    expect((await list('lb.drafter', 'unread=false')).items.map((n) => n.id)).toEqual([first.id]);

    const [secretarys] = (await list('lb.secretary')).items;
    for (const who of ['lb.drafter', 'lb.ward.officer', 'ln.secretary']) {
      const other = await t.http.post(`/me/notifications/${secretarys.id}/read`).set(as[who]);
      expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await list('lb.secretary')).items.find((n) => n.id === secretarys.id)!.readAt).toBeNull();
  });

  it('marks all read', async () => {
    const res = await t.http.post('/me/notifications/read-all').set(as['lb.monitor']);
    expect(res.status).toBe(200);
    expect(res.body.marked).toBeGreaterThan(0);
    expect((await list('lb.monitor')).unreadCount).toBe(0);
    expect((await t.http.post('/me/notifications/read-all').set(as['lb.monitor'])).body).toEqual({ marked: 0 });
    expect((await list('lb.drafter')).unreadCount).toBeGreaterThan(0);
  });

  it('takes a unit\'s notifications away with the membership', async () => {
    const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'bode.secretary', password: DEMO_PASSWORD, displayName: 'Bí thư Bồ Đề' });
    const grant = await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get('lb-ward-bo-de'), role: 'secretary' });
    const token = bearer(await t.login('bode.secretary', DEMO_PASSWORD));
    const planId = await submitted();
    await t.http.post(`/plans/${planId}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    await deliver();
    const mine: Notice[] = (await t.http.get('/me/notifications').set(token)).body.items;
    expect(mine.map((n) => n.type)).toEqual(['assignment_received']);
    await t.http.delete(`/users/${user.body.id}/memberships/${grant.body.id}`).set(bearer(t.rootToken)).expect(204);
    const later = bearer(await t.login('bode.secretary', DEMO_PASSWORD));
    expect((await t.http.get('/me/notifications').set(later)).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    expect((await t.http.post(`/me/notifications/${mine[0].id}/read`).set(later)).status).toBe(404);
  });

  it.each([
    ['GET', '/me/notifications?limit=0'],
    ['GET', '/me/notifications?unread=maybe'],
    ['GET', '/me/notifications?cursor=not-ours'],
    ['GET', '/me/notifications?unit=x'],
    ['POST', '/me/notifications/not-a-uuid/read'],
  ])('refuses bad input: %s %s → 400', async (method, path) => {
    const res = method === 'GET' ? await t.http.get(path).set(as['lb.drafter']) : await t.http.post(path).set(as['lb.drafter']);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('answers 404 for a notification that does not exist and 401 without a token', async () => {
    expect((await t.http.post('/me/notifications/00000000-0000-4000-8000-000000000000/read').set(as['lb.drafter'])).status).toBe(404);
    for (const res of [await t.http.get('/me/notifications'), await t.http.post('/me/notifications/read-all')]) expect(res.status).toBe(401);
  });
});
