import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@app/demo';
import { NotificationDelivery } from '@app/notifications';
import { AuditService } from '@app/transitions';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  assigneeUnitId: string;
  parentAssignmentId: string | null;
  state: string;
  version: number;
  nextEvents: string[];
  dueOn: string | null;
}

interface Entry {
  subjectId: string;
  event: string;
  fromState: string;
  toState: string;
  comment: string | null;
  payload: Record<string, unknown>;
  actor: { userId: string | null; role: string; unitId: string };
}

describe('parent plans over HTTP: withdrawal, external parents, extensions', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let cell: string;
  const unit = (key: string) => t.units.get(key)!;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    // Drafters and a secretary for two wards, so they can write (and one issue) implementing plans.
    for (const [username, key, role] of [
      ['bode.drafter', 'lb-ward-bo-de', 'drafter'],
      ['bode.secretary', 'lb-ward-bo-de', 'secretary'],
      ['cukhoi.drafter', 'lb-ward-cu-khoi', 'drafter'],
    ]) {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: DEMO_PASSWORD, displayName: username });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: unit(key), role }).expect(201);
    }
    cell = (await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ khu dân cư số 1', shortName: 'CB1', kind: 'party_cell', parentId: unit('lb-ward-bo-de'), symbolStyle: 'party' })).body.id;
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.secretary', 'bode.drafter', 'bode.secretary', 'cukhoi.drafter']);
  });
  afterAll(() => t.close());

  const event = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/plans/${id}/events`).set(as[who]).send(body);
  const assignmentEvent = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/assignments/${id}/events`).set(as[who]).send(body);
  const tracked = async (planId: string): Promise<Tracked[]> => (await t.http.get(`/plans/${planId}/assignments`).set(as['lb.secretary'])).body;
  const audit = async (query: string): Promise<Entry[]> => (await t.http.get(`/audit?limit=500&${query}`).set(as['lb.auditor'])).body.items;

  /** The plan of the fixture plus Cự Khối ward, issued: propaganda, People's Committee (+ culture office), Bồ Đề, Cự Khối. */
  const issued = async (): Promise<{ id: string; a: Record<string, Tracked> }> => {
    const content = completePlan(t);
    content.assignments.push({ assigneeUnitId: unit('lb-ward-cu-khoi'), responsibilities: ['Xây dựng kế hoạch cụ thể'], requiresOwnPlan: true, dueOn: '2016-02-04' });
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(content)).body.id;
    await event('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await event('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const keys = ['lb-propaganda', 'lb-people-committee', 'lb-culture-office', 'lb-ward-bo-de', 'lb-ward-cu-khoi'];
    const list = await tracked(id);
    return { id, a: Object.fromEntries(keys.map((key) => [key, list.find((x) => x.assigneeUnitId === unit(key))!])) };
  };

  it('cancels every open assignment, discards the drafts written for them, keeps issued child plans, and tells each unit', async () => {
    const { id, a } = await issued();
    // Propaganda is done with before the withdrawal: a closed assignment stays as it is.
    await assignmentEvent('lb.secretary', a['lb-propaganda'].id, { type: 'WAIVE', expectedVersion: 1, reason: 'Đã thực hiện' }).expect(200);
    // Bồ Đề issues its implementing plan; Cự Khối only drafts one.
    await assignmentEvent('bode.drafter', a['lb-ward-bo-de'].id, { type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const issuedChild = (await t.http.post(`/assignments/${a['lb-ward-bo-de'].id}/child-plan`).set(as['bode.drafter'])).body.id;
    await t.http.patch(`/plans/${issuedChild}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell, responsibilities: ['Tuyên truyền tại khu dân cư'] }] }).expect(200);
    await event('bode.drafter', issuedChild, { type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    await event('bode.secretary', issuedChild, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }).expect(200);
    await assignmentEvent('cukhoi.drafter', a['lb-ward-cu-khoi'].id, { type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const draftChild = (await t.http.post(`/assignments/${a['lb-ward-cu-khoi'].id}/child-plan`).set(as['cukhoi.drafter'])).body.id;

    const noReason = await event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.details.rules).toEqual([{ rule: 'REASON_REQUIRED', message: 'A withdrawal carries a reason.' }]);
    expect((await tracked(id)).map((x) => x.state)).toEqual(['waived', 'assigned', 'assigned', 'implementing', 'planning']);

    const reason = 'Thay thế bằng kế hoạch mới của Ban Thường vụ';
    const withdrawn = await event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', nextEvents: [] });

    const after = await tracked(id);
    expect(after.map((x) => [x.assigneeUnitId, x.state])).toEqual([
      [unit('lb-propaganda'), 'waived'],
      [unit('lb-people-committee'), 'cancelled'],
      [unit('lb-culture-office'), 'cancelled'],
      [unit('lb-ward-bo-de'), 'cancelled'],
      [unit('lb-ward-cu-khoi'), 'cancelled'],
    ]);
    expect(after.every((x) => x.nextEvents.length === 0)).toBe(true);

    // The draft was discarded by the system, in its own chain; the issued child plan stays.
    expect((await t.http.get(`/plans/${draftChild}`).set(as['cukhoi.drafter'])).body).toMatchObject({ state: 'discarded', nextEvents: [] });
    expect((await t.http.get(`/plans/${issuedChild}`).set(as['bode.drafter'])).body.state).toBe('issued');
    const draftHistory: Entry[] = (await t.http.get(`/plans/${draftChild}/history`).set(as['lb.auditor'])).body;
    expect(draftHistory.at(-1)).toMatchObject({
      event: 'DISCARD',
      fromState: 'draft.editing',
      toState: 'discarded',
      comment: reason,
      payload: { cause: 'PARENT_WITHDRAWN', withdrawnPlanId: id },
      actor: { userId: null, username: null, role: 'system', unitId: unit('lb-ward-cu-khoi') },
    });

    // Each open assignment's end is audited as the system acting for the issuer, with the reason.
    const ids = Object.values(a).map((x) => x.id);
    const ends = (await audit('event=PARENT_WITHDRAWN')).filter((e) => ids.includes(e.subjectId));
    expect(ends.map((e) => [e.subjectId, e.toState, e.comment, e.actor.userId, e.actor.role, e.actor.unitId])).toEqual(
      ['lb-people-committee', 'lb-culture-office', 'lb-ward-bo-de', 'lb-ward-cu-khoi'].map((key) => [a[key].id, 'cancelled', reason, null, 'system', unit('lb-district-committee')]),
    );
    // Cự Khối's chain went planning → acknowledged (its draft discarded) → cancelled.
    const wardChain = await t.app.get(AuditService).history(a['lb-ward-cu-khoi'].id);
    expect(wardChain.map((e) => [e.event, e.toState, e.actorRole])).toEqual([
      ['ASSIGN', 'assigned', 'secretary'],
      ['ACKNOWLEDGE', 'acknowledged', 'drafter'],
      ['CHILD_DRAFTED', 'planning', 'drafter'],
      ['CHILD_DISCARDED', 'acknowledged', 'system'],
      ['PARENT_WITHDRAWN', 'cancelled', 'system'],
    ]);
    expect(wardChain.at(-1)).toMatchObject({ actorUserId: null, comment: reason, payload: { withdrawnPlanId: id, discardedDrafts: [draftChild], issuedChildPlans: [] } });
    const boDeChain = await t.app.get(AuditService).history(a['lb-ward-bo-de'].id);
    expect(boDeChain.at(-1)).toMatchObject({ event: 'PARENT_WITHDRAWN', fromState: 'implementing', toState: 'cancelled', payload: { issuedChildPlans: [issuedChild] } });

    const chains = [id, draftChild, issuedChild, ...Object.values(a).map((x) => x.id)];
    expect(await t.app.get(AuditService).verify(chains)).toMatchObject({ ok: true, subjects: chains.length, broken: [] });

    // Every open assignment's unit is told once, in the withdrawal's transaction; the waived one is not.
    const notices: { unitId: string; subjectId: string; payload: Record<string, unknown> }[] = await t.app.get(DataSource).query(
      `SELECT unit_id AS "unitId", subject_id AS "subjectId", payload FROM outbox WHERE type = 'parent_withdrawn' AND payload->>'planId' = $1 ORDER BY id`,
      [id],
    );
    expect(notices.map((n) => n.unitId)).toEqual([unit('lb-people-committee'), unit('lb-culture-office'), unit('lb-ward-bo-de'), unit('lb-ward-cu-khoi')]);
    expect(notices[2].payload).toMatchObject({ reason, numberAndSymbol: expect.stringMatching(/-KH\/QU$/), issuedChildPlans: [{ id: issuedChild, state: 'issued' }] });
    expect(notices[3].payload).toMatchObject({ discardedDrafts: [draftChild], issuedChildPlans: [] });
    // And the ward's people read it among their notifications; another branch hears nothing of it.
    await t.app.get(NotificationDelivery).deliverAll();
    const heard = async (who: string) =>
      ((await t.http.get('/me/notifications?limit=500').set(as[who])).body.items as { type: string; subjectId: string }[]).filter((n) => n.type === 'parent_withdrawn');
    expect((await heard('lb.ward.officer')).map((n) => n.subjectId)).toContain(a['lb-ward-bo-de'].id);
    expect(await heard('ln.secretary')).toEqual([]);
  });

  it('lets nothing more happen to a cancelled assignment, and shows it only to its own people', async () => {
    const { id, a } = await issued();
    await event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason: 'Sai thẩm quyền' }).expect(200);
    const ward = a['lb-ward-bo-de'];
    const view = await t.http.get(`/assignments/${ward.id}`).set(as['lb.ward.officer']);
    expect(view.body).toMatchObject({ state: 'cancelled', version: 2, nextEvents: [], plan: { id, state: 'withdrawn' } });
    const ack = await assignmentEvent('lb.ward.officer', ward.id, { type: 'ACKNOWLEDGE', expectedVersion: 2 });
    expect(ack.status).toBe(409);
    expect(ack.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { state: 'cancelled', allowed: [] } });
    expect((await assignmentEvent('lb.secretary', ward.id, { type: 'WAIVE', expectedVersion: 2, reason: 'x' })).status).toBe(409);
    expect((await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).status).toBe(409);
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['ln.secretary'])).status).toBe(404);
    const mine = (await t.http.get('/me/assignments?state=cancelled&limit=500').set(as['cukhoi.drafter'])).body.items as Tracked[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x) => x.assigneeUnitId === unit('lb-ward-cu-khoi'))).toBe(true);
  });

  it('refuses the withdrawal of a reporting plan and of a draft: only issued and implementing plans are withdrawn', async () => {
    const { id } = await issued();
    await event('lb.monitor', id, { type: 'START', expectedVersion: 3 }).expect(200);
    await event('lb.monitor', id, { type: 'OPEN_REPORTING', expectedVersion: 4 }).expect(200);
    const late = await event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 5, reason: 'x' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { state: 'reporting', allowed: ['REVIEW'] } });
    expect((await tracked(id)).every((x) => x.state === 'assigned')).toBe(true);
    const draft = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    expect((await event('lb.secretary', draft, { type: 'WITHDRAW', expectedVersion: 1, reason: 'x' })).body).toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
  });
  it('races a withdrawal against the issue of a child plan and of an amendment: one consistent outcome, never a 500', async () => {
    for (let round = 0; round < 12; round++) {
      const { id, a } = await issued();
      const ward = a['lb-ward-bo-de'];
      await assignmentEvent('bode.drafter', ward.id, { type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
      const child = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
      await t.http.patch(`/plans/${child}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell, responsibilities: ['Tuyên truyền'] }] }).expect(200);
      await event('bode.drafter', child, { type: 'SUBMIT', expectedVersion: 2 }).expect(200);
      const amendment = (await t.http.post(`/plans/${id}/amendments`).set(as['lb.drafter'])).body.id;
      await event('lb.drafter', amendment, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);

      const commands = [
        () => event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason: 'Rút lại' }),
        () => event('bode.secretary', child, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }),
        () => event('lb.secretary', amendment, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }),
      ];
      // Each round sends them in another order, so each gets to arrive first.
      const order = [0, 1, 2].map((i) => (i + round) % 3);
      const sent = new Array<Promise<Awaited<ReturnType<(typeof commands)[0]>>>>(3);
      for (const i of order) sent[i] = commands[i]().then((res) => res);
      const [withdraw, childIssue, amendmentIssue] = await Promise.all(sent);
      // The body names what went wrong when a status is not one of these.
      for (const res of [withdraw, childIssue, amendmentIssue]) expect([200, 409, 422].includes(res.status) ? res.status : res.body).toBe(res.status);
      const state = async (planId: string, reader = 'lb.secretary') => (await t.http.get(`/plans/${planId}`).set(as[reader])).body.state as string;
      const wardNow = (await t.http.get(`/assignments/${ward.id}`).set(as['lb.secretary'])).body;
      // Exactly one of the withdrawal and the amendment wins the parent.
      expect([withdraw.status, amendmentIssue.status].filter((s) => s === 200)).toHaveLength(1);
      if (withdraw.status === 200) {
        expect([await state(id), await state(amendment)]).toEqual(['withdrawn', 'draft.submitted']);
        expect(wardNow.state).toBe('cancelled');
        // The child was issued before the withdrawal reached it, or discarded by it (a draft: only its own unit sees it).
        expect(await state(child, 'bode.secretary')).toBe(childIssue.status === 200 ? 'issued' : 'discarded');
      } else {
        expect([await state(id), await state(amendment)]).toEqual(['superseded', 'issued']);
        expect(wardNow).toMatchObject({ plan: { id: amendment }, state: childIssue.status === 200 ? 'implementing' : 'planning' });
        expect(childIssue.status).toBe(200);
      }
    }
  });

  it('cites external parents end to end: draft, issue, and an implementing plan citing both kinds', async () => {
    const central = { type: 'KH', numberAndSymbol: '22-KH/TW', issuedOn: '2015-12-01', issuer: 'Ban Chấp hành Trung ương', title: 'Tuyên truyền Đại hội XII' };
    const provincial = { type: 'HD', numberAndSymbol: '02-HD/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy' };
    const bad = [
      [{ planId: cell, external: central }, 'basis.0'],
      [{ external: { ...central, numberAndSymbol: ' ' } }, 'basis.0.external.numberAndSymbol'],
      [{ external: { ...central, issuedOn: '01/12/2015' } }, 'basis.0.external.issuedOn'],
      [{}, 'basis.0.planId'],
    ] as const;
    for (const [basis, field] of bad) {
      const res = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { basis: [basis] }));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }

    const draft = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { basis: [{ external: central }, { external: provincial }] }));
    expect(draft.status).toBe(201);
    expect(draft.body.basis).toEqual([{ external: central }, { external: provincial }]);
    await event('lb.drafter', draft.body.id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    const issuedPlan = await event('lb.secretary', draft.body.id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE });
    expect(issuedPlan.status).toBe(200);

    const ward = (await tracked(draft.body.id)).find((x) => x.assigneeUnitId === unit('lb-ward-bo-de'))!;
    await assignmentEvent('bode.drafter', ward.id, { type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const child = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body;
    expect(child.basis).toEqual([expect.objectContaining({ planId: draft.body.id, state: 'issued' })]);
    const mixed = [{ planId: draft.body.id }, { external: provincial }];
    await t.http.patch(`/plans/${child.id}`).set(as['bode.drafter']).send({ basis: mixed, assignments: [{ assigneeUnitId: cell, responsibilities: ['Tuyên truyền'] }] }).expect(200);
    await event('bode.drafter', child.id, { type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    await event('bode.secretary', child.id, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }).expect(200);
    expect((await t.http.get(`/plans/${child.id}`).set(as['bode.drafter'])).body).toMatchObject({
      state: 'issued',
      basis: [{ planId: draft.body.id, numberAndSymbol: (await t.http.get(`/plans/${draft.body.id}`).set(as['lb.secretary'])).body.numberAndSymbol }, { external: provincial }],
    });
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'implementing', childPlan: { id: child.id } });
  });

  it('extends one unit\'s due date from the issuer\'s side, audited with the reason and both dates', async () => {
    const { a } = await issued();
    const ward = a['lb-ward-bo-de'];
    const extend = (who: string, body: Record<string, unknown>) => assignmentEvent(who, ward.id, { type: 'EXTEND', expectedVersion: 1, ...body });
    expect((await extend('lb.monitor', { dueOn: '2016-03-01', reason: ' ' })).body).toMatchObject({ code: 'GUARD_FAILED', details: { rules: [{ rule: 'EXTENSION_INVALID' }] } });
    // A day not on the calendar is refused at the door (input rules), before the workflow's guard.
    expect((await extend('lb.monitor', { dueOn: '2016-02-30', reason: 'Tết' })).body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'dueOn' }] });
    expect((await extend('lb.monitor', { dueOn: '01/03/2016', reason: 'Tết' })).status).toBe(400);
    expect((await extend('lb.monitor', { reason: 'Tết' })).status).toBe(400);
    expect((await extend('lb.ward.officer', { dueOn: '2016-03-01', reason: 'Tết' })).status).toBe(403);
    expect((await extend('ln.secretary', { dueOn: '2016-03-01', reason: 'Tết' })).status).toBe(404);

    const reason = 'Phường tổ chức Đại hội vào tháng 2';
    const extended = await extend('lb.monitor', { dueOn: '2016-03-01', reason });
    expect(extended.body).toMatchObject({ state: 'assigned', version: 2, overdue: false });
    expect((await t.http.get(`/assignments/${ward.id}`).set(as['lb.ward.officer'])).body).toMatchObject({ dueOn: '2016-03-01', version: 2 });
    const [entry] = (await audit('event=EXTEND')).filter((e) => e.subjectId === ward.id);
    expect(entry).toMatchObject({
      fromState: 'assigned',
      toState: 'assigned',
      comment: reason,
      payload: { dueOn: { before: '2016-02-04', after: '2016-03-01' } },
      actor: { role: 'monitor', unitId: unit('lb-district-committee') },
    });
    // The other units' dates are untouched.
    expect((await tracked((await t.http.get(`/assignments/${ward.id}`).set(as['lb.secretary'])).body.plan.id)).find((x) => x.id === a['lb-ward-cu-khoi'].id)).toMatchObject({ dueOn: '2016-02-04' });
  });
});
