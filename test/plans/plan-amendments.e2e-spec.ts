import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@app/demo';
import { AuditService } from '@app/transitions';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  assigneeUnitId: string;
  parentAssignmentId: string | null;
  responsibilities: string[];
  dueOn: string | null;
  state: string;
  version: number;
  plan: { id: string; state: string };
  childPlan: { id: string; state: string } | null;
}

interface Entry {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
  actor: { userId: string | null; role: string };
}

describe('amendments (sửa đổi, bổ sung) over HTTP', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let cell: string;
  const unit = (key: string) => t.units.get(key)!;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const [username, key, role] of [
      ['bode.drafter', 'lb-ward-bo-de', 'drafter'],
      ['bode.secretary', 'lb-ward-bo-de', 'secretary'],
    ]) {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: DEMO_PASSWORD, displayName: username });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: unit(key), role }).expect(201);
    }
    cell = (await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ khu dân cư số 2', shortName: 'CB2', kind: 'party_cell', parentId: unit('lb-ward-bo-de'), symbolStyle: 'party' })).body.id;
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.drafter', 'ln.secretary', 'bode.drafter', 'bode.secretary']);
  });
  afterAll(() => t.close());

  const event = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/plans/${id}/events`).set(as[who]).send(body);
  const amend = (who: string, id: string) => t.http.post(`/plans/${id}/amendments`).set(as[who]);
  const get = (who: string, id: string) => t.http.get(`/plans/${id}`).set(as[who]);
  const tracked = async (planId: string): Promise<Tracked[]> => (await t.http.get(`/plans/${planId}/assignments`).set(as['lb.secretary'])).body;
  const byUnit = (list: Tracked[], key: string) => list.find((a) => a.assigneeUnitId === unit(key))!;

  /** The fixture plan plus Cự Khối ward, issued and started. */
  const implementing = async (): Promise<string> => {
    const content = completePlan(t);
    content.assignments.push({ assigneeUnitId: unit('lb-ward-cu-khoi'), responsibilities: ['Xây dựng kế hoạch cụ thể'], requiresOwnPlan: true, dueOn: '2016-02-04' });
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(content)).body.id;
    await event('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await event('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    await event('lb.monitor', id, { type: 'START', expectedVersion: 3 }).expect(200);
    return id;
  };

  const issue = async (id: string, version: number) => {
    await event('lb.drafter', id, { type: 'SUBMIT', expectedVersion: version }).expect(200);
    return event('lb.secretary', id, { type: 'ISSUE', expectedVersion: version + 1, signature: SIGNATURE });
  };

  it('drafts an amendment copied from the plan, one at a time, for the issuer\'s drafter only', async () => {
    const id = await implementing();
    const plan = (await get('lb.secretary', id)).body;

    expect((await amend('lb.secretary', id)).status).toBe(403);
    expect((await amend('bode.drafter', id)).status).toBe(403);
    const outside = await amend('ln.drafter', id);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('NOT_FOUND');

    const created = await amend('lb.drafter', id);
    expect(created.status).toBe(201);
    const amendment = created.body;
    expect(amendment).toMatchObject({
      issuerUnitId: plan.issuerUnitId,
      title: plan.title,
      state: 'draft.editing',
      version: 1,
      machineVersion: 3,
      numberAndSymbol: null,
      amends: { id, numberAndSymbol: plan.numberAndSymbol, state: 'implementing' },
      amendedBy: null,
      basis: [{ planId: id, state: 'implementing' }, { external: plan.basis[0].external }],
      purposes: plan.purposes,
      phases: plan.phases,
      forms: plan.forms,
      reportDuty: plan.reportDuty,
      recipients: plan.recipients,
      nextEvents: ['SUBMIT', 'DISCARD'],
    });
    const text = (list: { assigneeUnitId: string; responsibilities: string[]; dueOn?: string; subAssignments: unknown[] }[]) =>
      list.map((a) => [a.assigneeUnitId, a.responsibilities, a.dueOn ?? null, a.subAssignments.length]);
    expect(text(amendment.assignments)).toEqual(text(plan.assignments));
    expect(amendment.assignments[0].id).not.toBe(plan.assignments[0].id);

    const again = await amend('lb.drafter', id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'AMENDMENT_EXISTS', amendmentId: amendment.id } });

    // The issuer's people see the draft amendment on the plan; an assignee sees the plan, not the draft.
    expect((await get('lb.secretary', id)).body.amendedBy).toEqual({ id: amendment.id, numberAndSymbol: null, state: 'draft.editing' });
    expect((await get('bode.drafter', id)).body.amendedBy).toBeNull();
    expect((await get('bode.drafter', amendment.id)).status).toBe(404);
    expect((await get('ln.secretary', amendment.id)).status).toBe(404);

    // A discarded amendment may be replaced.
    await event('lb.drafter', amendment.id, { type: 'DISCARD', expectedVersion: 1 }).expect(200);
    expect((await get('lb.secretary', id)).body.amendedBy).toBeNull();
    expect((await amend('lb.drafter', id)).status).toBe(201);
  });

  it('amends only an issued, implementing or reporting plan', async () => {
    const draft = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    const refused = await amend('lb.drafter', draft);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'NOT_AMENDABLE', state: 'draft.editing' } });
    const withdrawn = await implementing();
    await event('lb.secretary', withdrawn, { type: 'WITHDRAW', expectedVersion: 4, reason: 'Sai sót' }).expect(200);
    expect((await amend('lb.drafter', withdrawn)).body.details).toEqual({ reason: 'NOT_AMENDABLE', state: 'withdrawn' });
    expect((await t.http.post('/plans/not-a-uuid/amendments').set(as['lb.drafter'])).status).toBe(400);
    expect((await t.http.post('/plans/00000000-0000-4000-8000-000000000000/amendments').set(as['lb.drafter'])).status).toBe(404);
  });

  it('issuing the amendment supersedes the plan and carries its open assignments over; both histories stay readable', async () => {
    const id = await implementing();
    const before = await tracked(id);
    // Bồ Đề has started its implementing plan; propaganda is done with.
    await t.http.post(`/assignments/${byUnit(before, 'lb-ward-bo-de').id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const childDraft = (await t.http.post(`/assignments/${byUnit(before, 'lb-ward-bo-de').id}/child-plan`).set(as['bode.drafter'])).body.id;
    await t.http.post(`/assignments/${byUnit(before, 'lb-propaganda').id}/events`).set(as['lb.monitor']).send({ type: 'WAIVE', expectedVersion: 1, reason: 'Đã xong' }).expect(200);

    // The amendment: Bồ Đề's duty and date change, Cự Khối is dropped, the Front is added.
    const amendmentId = (await amend('lb.drafter', id)).body.id;
    const [propaganda, peopleCommittee, boDeDuty] = completePlan(t).assignments;
    const assignments = [
      propaganda,
      peopleCommittee,
      { ...boDeDuty, responsibilities: ['Xây dựng kế hoạch cụ thể', 'Báo cáo kết quả hằng tháng'], dueOn: '2016-02-20' },
      { assigneeUnitId: unit('lb-front'), responsibilities: ['Phối hợp tuyên truyền'], requiresOwnPlan: false, dueOn: '2016-02-04' },
    ];
    await t.http.patch(`/plans/${amendmentId}`).set(as['lb.drafter']).send({ assignments }).expect(200);
    const issued = await issue(amendmentId, 2);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ state: 'issued', version: 4 });

    const plan = (await get('lb.secretary', id)).body;
    const amendment = (await get('lb.secretary', amendmentId)).body;
    expect(plan).toMatchObject({ state: 'superseded', nextEvents: [], amendedBy: { id: amendmentId, numberAndSymbol: amendment.numberAndSymbol, state: 'issued' } });
    expect(amendment).toMatchObject({ amends: { id, numberAndSymbol: plan.numberAndSymbol, state: 'superseded' }, amendedBy: null });
    expect(amendment.numberAndSymbol).not.toBe(plan.numberAndSymbol);
    // Assignee units see the amendment link too once it is issued.
    expect((await get('bode.drafter', id)).body.amendedBy).toMatchObject({ id: amendmentId, state: 'issued' });

    // Open assignments moved: same rows, chains and states, the amendment's text.
    const after = await tracked(amendmentId);
    expect(after.map((a) => [a.assigneeUnitId, a.state])).toEqual([
      [unit('lb-propaganda'), 'assigned'],
      [unit('lb-people-committee'), 'assigned'],
      [unit('lb-culture-office'), 'assigned'],
      [unit('lb-ward-bo-de'), 'planning'],
      [unit('lb-front'), 'assigned'],
    ]);
    const pc = byUnit(after, 'lb-people-committee');
    const boDe = byUnit(after, 'lb-ward-bo-de');
    expect(pc).toMatchObject({ id: byUnit(before, 'lb-people-committee').id, version: 2, plan: { id: amendmentId } });
    expect(byUnit(after, 'lb-culture-office')).toMatchObject({ id: byUnit(before, 'lb-culture-office').id, parentAssignmentId: pc.id, version: 2 });
    expect(boDe).toMatchObject({
      id: byUnit(before, 'lb-ward-bo-de').id,
      version: 4,
      responsibilities: ['Xây dựng kế hoạch cụ thể', 'Báo cáo kết quả hằng tháng'],
      dueOn: '2016-02-20',
      childPlan: { id: childDraft, state: 'draft.editing' },
    });
    // Closed work stays with the plan it was closed under: the amendment's propaganda row is a new assignment.
    expect(byUnit(after, 'lb-propaganda')).toMatchObject({ version: 1 });
    expect(byUnit(after, 'lb-propaganda').id).not.toBe(byUnit(before, 'lb-propaganda').id);
    expect((await tracked(id)).map((a) => [a.assigneeUnitId, a.state])).toEqual([
      [unit('lb-propaganda'), 'waived'],
      [unit('lb-ward-cu-khoi'), 'cancelled'],
    ]);

    // The carried-over chain goes on; the dropped one ends, as the system.
    const boDeChain = await t.app.get(AuditService).history(boDe.id);
    expect(boDeChain.map((e) => [e.event, e.fromState, e.toState, e.actorRole])).toEqual([
      ['ASSIGN', null, 'assigned', 'secretary'],
      ['ACKNOWLEDGE', 'assigned', 'acknowledged', 'drafter'],
      ['CHILD_DRAFTED', 'acknowledged', 'planning', 'drafter'],
      ['PARENT_AMENDED', 'planning', 'planning', 'system'],
    ]);
    expect(boDeChain[3]).toMatchObject({
      actorUserId: null,
      payload: {
        fromPlanId: id,
        toPlanId: amendmentId,
        changes: { dueOn: { before: '2016-02-04', after: '2016-02-20' }, responsibilities: { before: ['Xây dựng kế hoạch cụ thể'] } },
      },
    });
    const cuKhoiChain = await t.app.get(AuditService).history(byUnit(before, 'lb-ward-cu-khoi').id);
    expect(cuKhoiChain.at(-1)).toMatchObject({ event: 'DROPPED_BY_AMENDMENT', toState: 'cancelled', actorRole: 'system', actorUserId: null });

    // Both histories stay readable: the superseded plan ends with the system's SUPERSEDE.
    const planHistory: Entry[] = (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor'])).body;
    expect(planHistory.map((e) => e.event)).toEqual(['CREATE', 'SUBMIT', 'ISSUE', 'START', 'SUPERSEDE']);
    expect(planHistory.at(-1)).toMatchObject({
      fromState: 'implementing',
      toState: 'superseded',
      actor: { userId: null, role: 'system' },
      payload: { amendedBy: amendmentId, numberAndSymbol: amendment.numberAndSymbol },
    });
    const amendmentHistory: Entry[] = (await t.http.get(`/plans/${amendmentId}/history`).set(as['lb.auditor'])).body;
    expect(amendmentHistory.map((e) => e.event)).toEqual(['CREATE', 'EDIT', 'SUBMIT', 'ISSUE']);
    expect(amendmentHistory[0].payload).toMatchObject({ amendsPlanId: id });
    const chains = [id, amendmentId, ...before.map((a) => a.id), ...after.map((a) => a.id)];
    expect(await t.app.get(AuditService).verify(chains)).toMatchObject({ ok: true, broken: [] });
    // The plan's 5 entries and those of the tracked assignments it still lists.
    expect((await t.http.get(`/audit/verify?planId=${id}`).set(as['lb.auditor'])).body).toMatchObject({ ok: true, checked: 9 });

    // Units are told: carried over, cancelled, or newly assigned.
    const notices: { type: string; unitId: string; outcome: string | null }[] = await t.app.get(DataSource).query(
      `SELECT type, unit_id AS "unitId", payload->>'outcome' AS outcome FROM outbox
       WHERE subject_id = ANY($1::uuid[]) AND type IN ('plan_amended', 'assignment_received') AND (payload->>'planId' = $2 OR payload->>'planId' = $3)
       ORDER BY id`,
      [[...before, ...after].map((a) => a.id), amendmentId, id],
    );
    expect(notices.filter((n) => n.type === 'plan_amended').map((n) => [n.unitId, n.outcome])).toEqual([
      [unit('lb-people-committee'), 'carried_over'],
      [unit('lb-culture-office'), 'carried_over'],
      [unit('lb-ward-bo-de'), 'carried_over'],
      [unit('lb-ward-cu-khoi'), 'cancelled'],
    ]);
    expect(notices.filter((n) => n.type === 'assignment_received').map((n) => n.unitId).slice(-2)).toEqual([unit('lb-propaganda'), unit('lb-front')]);

    // The ward's draft cites the superseded plan, which now stands for its amendment: it can be issued.
    await t.http.patch(`/plans/${childDraft}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell, responsibilities: ['Tuyên truyền'] }] }).expect(200);
    await event('bode.drafter', childDraft, { type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    const childIssued = await event('bode.secretary', childDraft, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } });
    expect(childIssued.status).toBe(200);
    expect((await t.http.get(`/assignments/${boDe.id}`).set(as['bode.drafter'])).body).toMatchObject({ state: 'implementing', plan: { id: amendmentId } });

    // A superseded plan is amended no further; its amendment may be.
    expect((await amend('lb.drafter', id)).body.details).toEqual({ reason: 'NOT_AMENDABLE', state: 'superseded' });
    expect((await amend('lb.drafter', amendmentId)).status).toBe(201);
  });

  it('keeps a closed sub-assignment on the superseded plan when its assignment moves on, and takes SUPERSEDE from no one', async () => {
    const id = await implementing();
    const culture = byUnit(await tracked(id), 'lb-culture-office');
    await t.http.post(`/assignments/${culture.id}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: 1, reason: 'Đã sáp nhập' }).expect(200);
    const byHand = await event('lb.secretary', id, { type: 'SUPERSEDE', expectedVersion: 4 });
    expect([byHand.status, byHand.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const amendmentId = (await amend('lb.drafter', id)).body.id;
    expect((await issue(amendmentId, 1)).status).toBe(200);
    const old = (await get('lb.secretary', id)).body;
    // The waived sub-assignment is still listed on the plan it was closed under, at the top now that its assignment moved.
    expect(old.assignments.map((a: { assigneeUnitId: string }) => a.assigneeUnitId)).toEqual([unit('lb-culture-office')]);
    const moved = await tracked(amendmentId);
    const pc = byUnit(moved, 'lb-people-committee');
    expect(byUnit(moved, 'lb-culture-office')).toMatchObject({ state: 'assigned', version: 1, parentAssignmentId: pc.id });
    expect(byUnit(moved, 'lb-culture-office').id).not.toBe(culture.id);
    expect(byUnit(await tracked(id), 'lb-culture-office')).toMatchObject({ id: culture.id, state: 'waived', parentAssignmentId: pc.id });
  });

  it('refuses to issue an amendment once the plan it amends is withdrawn', async () => {
    const id = await implementing();
    const amendment = (await amend('lb.drafter', id)).body;
    await event('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 4, reason: 'Dừng thực hiện' }).expect(200);
    // With the withdrawn plan in its basis, the basis rule speaks first; without it, the amendment rule.
    expect((await issue(amendment.id, 1)).body.details.rules).toEqual([{ rule: 'PARENT_NOT_LIVE', message: expect.any(String) }]);
    await event('lb.secretary', amendment.id, { type: 'RETURN', expectedVersion: 2, comment: 'Bỏ căn cứ' }).expect(200);
    await t.http.patch(`/plans/${amendment.id}`).set(as['lb.drafter']).send({ basis: [amendment.basis[1]] }).expect(200);
    const refused = await issue(amendment.id, 4);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'GUARD_FAILED',
      details: { guard: 'amendedLive', rules: [{ rule: 'AMENDED_PLAN_NOT_LIVE', message: 'The plan it amends is no longer issued, implementing or reporting.' }] },
    });
    expect((await get('lb.secretary', id)).body.state).toBe('withdrawn');
  });

  it('lets a unit amend its own implementing plan: the amendment takes its place on the assignment', async () => {
    const parent = await implementing();
    const ward = byUnit(await tracked(parent), 'lb-ward-bo-de');
    await t.http.post(`/assignments/${ward.id}/events`).set(as['bode.drafter']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const child = (await t.http.post(`/assignments/${ward.id}/child-plan`).set(as['bode.drafter'])).body.id;
    await t.http.patch(`/plans/${child}`).set(as['bode.drafter']).send({ assignments: [{ assigneeUnitId: cell, responsibilities: ['Tuyên truyền'] }] }).expect(200);
    await event('bode.drafter', child, { type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    await event('bode.secretary', child, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }).expect(200);

    // The district's drafter cannot amend the ward's plan; the ward's can.
    expect((await amend('lb.drafter', child)).status).toBe(403);
    const amendment = (await amend('bode.drafter', child)).body.id;
    await event('bode.drafter', amendment, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await event('bode.secretary', amendment, { type: 'ISSUE', expectedVersion: 2, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } }).expect(200);

    expect((await t.http.get(`/assignments/${ward.id}`).set(as['lb.ward.officer'])).body).toMatchObject({
      state: 'implementing',
      version: 4,
      childPlan: { id: amendment, state: 'issued' },
    });
    expect((await get('bode.drafter', child)).body.state).toBe('superseded');
    // The cell's assignment moved from the ward's first plan to its amendment.
    expect((await t.http.get(`/plans/${amendment}/assignments`).set(as['bode.secretary'])).body).toEqual([expect.objectContaining({ assigneeUnitId: cell, version: 2 })]);
  });
});
