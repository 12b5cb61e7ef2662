import { DEMO_PASSWORD } from '@app/demo';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  assigneeUnitId: string;
  state: string;
  version: number;
  overdue: boolean;
  nextEvents: string[];
  childPlan: { id: string; state: string; numberAndSymbol: string | null } | null;
}

describe('tracked assignments and child plans', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    // A drafter and a secretary for the ward, so it can write and issue its own implementing plan.
    for (const role of ['drafter', 'secretary']) {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `bode.${role}`, password: DEMO_PASSWORD, displayName: `Phường Bồ Đề ${role}` });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get('lb-ward-bo-de'), role }).expect(201);
    }
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer', 'bode.drafter', 'bode.secretary', 'ln.secretary']);
  });
  afterAll(() => t.close());

  const issuePlan = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    return id;
  };
  const wardAssignment = async (planId: string): Promise<Tracked> => {
    const list: Tracked[] = (await t.http.get(`/plans/${planId}/assignments`).set(as['lb.secretary'])).body;
    return list.find((a) => a.assigneeUnitId === t.units.get('lb-ward-bo-de'))!;
  };

  it('tracks every assignment and sub-assignment once the plan is issued', async () => {
    const draft = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    expect((await t.http.get(`/plans/${draft}/assignments`).set(as['lb.secretary'])).body).toEqual([]);
    const id = await issuePlan();
    const list: Tracked[] = (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary'])).body;
    expect(list).toHaveLength(4);
    expect(list.every((a) => a.state === 'assigned' && a.version === 1 && !a.overdue)).toBe(true);
    expect(list[0].nextEvents).toEqual(['WAIVE', 'EXTEND']);

    const own: Tracked[] = (await t.http.get(`/plans/${id}/assignments`).set(as['lb.ward.officer'])).body;
    expect(own.map((a) => a.assigneeUnitId)).toEqual([t.units.get('lb-ward-bo-de')]);
    expect(own[0].nextEvents).toEqual(['ACKNOWLEDGE']);
  });

  it('shows units their work and lets them acknowledge it', async () => {
    const planId = await issuePlan();
    const mine = (await t.http.get('/me/assignments?state=assigned').set(as['lb.ward.officer'])).body;
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((a: Tracked) => a.assigneeUnitId === t.units.get('lb-ward-bo-de'))).toBe(true);
    const ward = await wardAssignment(planId);
    const ack = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: ward.id, state: 'acknowledged', version: 2, nextEvents: [] });
    const again = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EVENT_NOT_ALLOWED');
    const byIssuer = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.secretary']).send({ type: 'ACKNOWLEDGE', expectedVersion: 2 });
    expect(byIssuer.status).toBe(403);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['ln.secretary'])).status).toBe(404);
  });

  it('extends and waives with a reason, from the issuer\'s side', async () => {
    const planId = await issuePlan();
    const ward = await wardAssignment(planId);
    const noReason = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.monitor']).send({ type: 'EXTEND', expectedVersion: 1, dueOn: '2016-03-01' });
    expect(noReason.status).toBe(422);
    const extended = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.monitor']).send({ type: 'EXTEND', expectedVersion: 1, dueOn: '2016-03-01', reason: 'Phường tổ chức Đại hội' });
    expect(extended.body).toMatchObject({ state: 'assigned', version: 2 });
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['lb.monitor'])).body).toMatchObject({ dueOn: '2016-03-01' });
    const byAssignee = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.ward.officer']).send({ type: 'WAIVE', expectedVersion: 2, reason: 'x' });
    expect(byAssignee.status).toBe(403);
    const waived = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: 2, reason: 'Đã sáp nhập' });
    expect(waived.body).toMatchObject({ state: 'waived', nextEvents: [] });
  });

  it('drafts the unit\'s implementing plan from the assignment, and its issue moves the assignment to implementing', async () => {
    const planId = await issuePlan();
    const ward = await wardAssignment(planId);
    const early = await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter']);
    expect(early.status).toBe(409);
    await t.http.post(`/assignments/${ward.id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    expect((await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['lb.drafter'])).status).toBe(403);

    const child = await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter']);
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({
      issuerUnitId: t.units.get('lb-ward-bo-de'),
      state: 'draft.editing',
      basis: [{ planId, state: 'issued' }],
      reportDuty: { collectorUnitId: t.units.get('lb-ward-bo-de'), dueOn: '2016-01-30' },
      recipients: [{ unitId: t.units.get('lb-district-committee'), purpose: 'report' }],
    });
    expect(child.body.phases).toHaveLength(2);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'planning', childPlan: { id: child.body.id } });

    // Its assignments may only reach units below the ward.
    const outside = await t.http.patch(`/plans/${child.body.id}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: t.units.get('lb-ward-cu-khoi'), responsibilities: ['x'] }] });
    expect(outside.status).toBe(200);
    const refused = await t.http.post(`/plans/${child.body.id}/events`).set(as['bode.drafter']).send({ type: 'SUBMIT', expectedVersion: 2 });
    expect(refused.body.details.rules.map((r: { rule: string }) => r.rule)).toContain('ASSIGNMENT_OUT_OF_SCOPE');
  });

  it('returns the assignment to acknowledged when its child draft is discarded, and to implementing when one is issued', async () => {
    const planId = await issuePlan();
    const ward = await wardAssignment(planId);
    await t.http.post(`/assignments/${ward.id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const first = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
    await t.http.post(`/plans/${first}/events`).set(as['bode.drafter']).send({ type: 'DISCARD', expectedVersion: 1 }).expect(200);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body.state).toBe('acknowledged');

    const second = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
    // A ward without units below it: its plan assigns work to itself through a recipient only, so
    // give it one unit below to satisfy SUBMIT.
    const cell = await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ khu dân cư số 1', shortName: 'CB1', kind: 'party_cell', parentId: t.units.get('lb-ward-bo-de'), symbolStyle: 'party' });
    await t.http.patch(`/plans/${second}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell.body.id, responsibilities: ['Tuyên truyền tại khu dân cư'] }] }).expect(200);
    await t.http.post(`/plans/${second}/events`).set(as['bode.drafter']).send({ type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    const issued = await t.http.post(`/plans/${second}/events`).set(as['bode.secretary']).send({ type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } });
    expect(issued.status).toBe(200);
    const after = (await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body;
    expect(after).toMatchObject({ state: 'implementing', childPlan: { id: second, state: 'issued', numberAndSymbol: '1-KH/ĐU' } });
    // The child's own assignment is tracked for the cell.
    expect((await t.http.get(`/plans/${second}/assignments`).set(as['bode.secretary'])).body).toEqual([expect.objectContaining({ state: 'assigned' })]);
  });

  it('lets the unit discard its draft after the assignment was waived, leaving the assignment waived', async () => {
    const planId = await issuePlan();
    const ward = await wardAssignment(planId);
    await t.http.post(`/assignments/${ward.id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const draft = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
    const waived = await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.monitor']).send({ type: 'WAIVE', expectedVersion: 3, reason: 'Phường đã sáp nhập' });
    expect(waived.status).toBe(200);
    const discard = await t.http.post(`/plans/${draft}/events`).set(as['bode.drafter']).send({ type: 'DISCARD', expectedVersion: 1 });
    expect(discard.status).toBe(200);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'waived', version: 4 });
    expect((await t.http.get(`/plans/${draft}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'discarded' });
  });

  it('takes the assignment back to acknowledged when the unit withdraws its issued plan, so that it can plan again', async () => {
    const planId = await issuePlan();
    const ward = await wardAssignment(planId);
    await t.http.post(`/assignments/${ward.id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const child = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
    const cell = await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ khu dân cư số 2', shortName: 'CB2', kind: 'party_cell', parentId: t.units.get('lb-ward-bo-de'), symbolStyle: 'party' });
    await t.http.patch(`/plans/${child}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell.body.id, responsibilities: ['Tuyên truyền tại khu dân cư'] }] }).expect(200);
    await t.http.post(`/plans/${child}/events`).set(as['bode.drafter']).send({ type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    await t.http.post(`/plans/${child}/events`).set(as['bode.secretary']).send({ type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }).expect(200);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'implementing', version: 4 });

    const withdrawn = await t.http.post(`/plans/${child}/events`).set(as['bode.secretary']).send({ type: 'WITHDRAW', expectedVersion: 4, reason: 'Kế hoạch chưa sát thực tế' });
    expect(withdrawn.status).toBe(200);
    const after = (await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body;
    expect(after).toMatchObject({ state: 'acknowledged', version: 5, childPlan: { id: child, state: 'withdrawn' } });
    // The withdrawn plan's own assignment is cancelled with it.
    expect((await t.http.get(`/plans/${child}/assignments`).set(as['bode.secretary'])).body).toEqual([expect.objectContaining({ state: 'cancelled' })]);

    const again = await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter']);
    expect(again.status).toBe(201);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'planning', childPlan: { id: again.body.id, state: 'draft.editing' } });
  });
});
