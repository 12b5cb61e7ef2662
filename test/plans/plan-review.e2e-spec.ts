import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  version: number;
  state: string;
}

describe('REVIEW waits for every tracked assignment (over HTTP)', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor']);
  });
  afterAll(() => t.close());

  const send = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/plans/${id}/events`).set(as[who]).send(body);
  const tracked = async (id: string): Promise<Tracked[]> => (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary'])).body;
  const waive = (a: Tracked) =>
    t.http.post(`/assignments/${a.id}/events`).set(as['lb.monitor']).send({ type: 'WAIVE', expectedVersion: a.version, reason: 'Đơn vị đã sáp nhập' }).expect(200);

  /** A plan of four tracked assignments (three and a sub-assignment), in reporting. */
  const reporting = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    await send('lb.monitor', id, { type: 'START', expectedVersion: 3 }).expect(200);
    await send('lb.monitor', id, { type: 'OPEN_REPORTING', expectedVersion: 4 }).expect(200);
    return id;
  };

  it('refuses with 422 GUARD_FAILED while any is open, counting them, and changes nothing', async () => {
    const id = await reporting();
    const all = await tracked(id);
    expect(all.map((a) => a.state)).toEqual(['assigned', 'assigned', 'assigned', 'assigned']);

    const refused = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 5, summary: 'Hoàn thành tốt' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'GUARD_FAILED',
      details: { guard: 'assignmentsSettled', rules: [{ rule: 'ASSIGNMENTS_OPEN', message: '4 of 4 tracked assignments are neither accepted nor waived.' }] },
    });

    for (const a of all.slice(0, 3)) await waive(a);
    const oneLeft = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 5, summary: 'Hoàn thành tốt' });
    expect(oneLeft.status).toBe(422);
    expect(oneLeft.body.details.rules).toEqual([{ rule: 'ASSIGNMENTS_OPEN', message: '1 of 4 tracked assignments are neither accepted nor waived.' }]);
    expect((await t.http.get(`/plans/${id}`).set(as['lb.secretary'])).body).toMatchObject({ state: 'reporting', version: 5, nextEvents: ['REVIEW'] });
  });

  it('names open work before a missing summary, then the summary, then reviews', async () => {
    const id = await reporting();
    const openAndBlank = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 5, summary: ' ' });
    expect(openAndBlank.body.details.rules.map((r: { rule: string }) => r.rule)).toEqual(['ASSIGNMENTS_OPEN']);

    for (const a of await tracked(id)) await waive(a);
    const blank = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 5, summary: ' ' });
    expect(blank.status).toBe(422);
    expect(blank.body.details).toEqual({ guard: 'hasSummary', rules: [{ rule: 'SUMMARY_REQUIRED', message: 'A review carries a summary.' }] });

    const reviewed = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 5, summary: 'Hoàn thành tốt' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toEqual({ id, state: 'reviewed', version: 6, nextEvents: [] });
  });

  it('still checks the role and the state first', async () => {
    const id = await reporting();
    expect((await send('lb.monitor', id, { type: 'REVIEW', expectedVersion: 5, summary: 'x' })).status).toBe(403);
    const draft = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    const early = await send('lb.secretary', draft, { type: 'REVIEW', expectedVersion: 1, summary: 'x' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { state: 'draft.editing', allowed: ['SUBMIT', 'DISCARD', 'REGISTER'] } });
  });
});
