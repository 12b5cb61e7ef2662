import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('plan lifecycle over HTTP', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'ln.secretary', 'lb.ward.officer']);
  });
  afterAll(() => t.close());

  const send = (who: string, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http.post(`/plans/${id}/events`).set(as[who]).set(headers).send(body);

  it('runs draft → reviewed with a return and a resubmission, and the history shows every step', async () => {
    const created = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft.editing', version: 1, numberAndSymbol: null, nextEvents: ['SUBMIT', 'DISCARD', 'REGISTER'] });
    expect(created.body.assignments[1].subAssignments[0].assigneeUnitName).toBe('Phòng Văn hóa và Thông tin quận Long Biên');
    const id = created.body.id;

    const submitted = await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ id, state: 'draft.submitted', version: 2, nextEvents: ['DISCARD'] });

    const secretaryView = await t.http.get(`/plans/${id}`).set(as['lb.secretary']);
    expect(secretaryView.body.nextEvents).toEqual(['RETURN', 'ISSUE']);

    const noComment = await send('lb.secretary', id, { type: 'RETURN', expectedVersion: 2, comment: '  ' });
    expect(noComment.status).toBe(422);
    expect(noComment.body).toMatchObject({ code: 'GUARD_FAILED', details: { rules: [{ rule: 'COMMENT_REQUIRED' }] } });

    const returned = await send('lb.secretary', id, { type: 'RETURN', expectedVersion: 2, comment: 'Bổ sung nhiệm vụ cho MTTQ quận' });
    expect(returned.body).toMatchObject({ state: 'draft.returned', version: 3 });

    const edited = await t.http.patch(`/plans/${id}`).set(as['lb.drafter']).send({
      expectedVersion: 3,
      assignments: [...completePlan(t).assignments, { assigneeUnitId: t.units.get('lb-front'), responsibilities: ['Phối hợp tuyên truyền'] }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ state: 'draft.returned', version: 4 });
    expect(edited.body.assignments).toHaveLength(4);

    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 4 }).expect(200);
    const issued = await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 5, signature: SIGNATURE });
    expect(issued.status).toBe(200);
    expect(issued.body).toEqual({ id, state: 'issued', version: 6, nextEvents: ['START', 'WITHDRAW'] });

    const plan = (await t.http.get(`/plans/${id}`).set(as['lb.secretary'])).body;
    expect(plan).toMatchObject({
      numberAndSymbol: '1-KH/QU',
      number: 1,
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      issuedAt: expect.any(String),
      signature: { ...SIGNATURE, signerName: 'Nguyễn Huy Thắng' },
    });

    await send('lb.monitor', id, { type: 'START', expectedVersion: 6 }).expect(200);
    await send('lb.monitor', id, { type: 'OPEN_REPORTING', expectedVersion: 7 }).expect(200);
    // REVIEW waits for every tracked assignment to be accepted or waived (plan-review.e2e-spec.ts).
    for (const a of (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary'])).body) {
      await t.http.post(`/assignments/${a.id}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: a.version, reason: 'Đã hoàn thành ngoài hệ thống' }).expect(200);
    }
    const reviewed = await send('lb.secretary', id, { type: 'REVIEW', expectedVersion: 8, summary: 'Hoàn thành tốt' });
    expect(reviewed.body).toEqual({ id, state: 'reviewed', version: 9, nextEvents: [] });

    const history = await t.http.get(`/plans/${id}/history`).set(as['lb.auditor']);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { seq: number; event: string; fromState: string; toState: string; actor: { username: string; role: string } }) =>
      [e.seq, e.event, e.fromState, e.toState, e.actor.username, e.actor.role])).toEqual([
      [1, 'CREATE', null, 'draft.editing', 'lb.drafter', 'drafter'],
      [2, 'SUBMIT', 'draft.editing', 'draft.submitted', 'lb.drafter', 'drafter'],
      [3, 'RETURN', 'draft.submitted', 'draft.returned', 'lb.secretary', 'secretary'],
      [4, 'EDIT', 'draft.returned', 'draft.returned', 'lb.drafter', 'drafter'],
      [5, 'SUBMIT', 'draft.returned', 'draft.submitted', 'lb.drafter', 'drafter'],
      [6, 'ISSUE', 'draft.submitted', 'issued', 'lb.secretary', 'secretary'],
      [7, 'START', 'issued', 'implementing', 'lb.monitor', 'monitor'],
      [8, 'OPEN_REPORTING', 'implementing', 'reporting', 'lb.monitor', 'monitor'],
      [9, 'REVIEW', 'reporting', 'reviewed', 'lb.secretary', 'secretary'],
    ]);
    expect(history.body[2].comment).toBe('Bổ sung nhiệm vụ cho MTTQ quận');
    expect(history.body[3].payload.changes.assignments.after).toHaveLength(4);
    expect(history.body[5]).toMatchObject({ actor: { name: 'Nguyễn Huy Thắng', onBehalfOf: 'Ban Thường vụ' }, payload: { numberAndSymbol: '1-KH/QU' } });
    for (let i = 1; i < history.body.length; i++) expect(history.body[i].prevHash).toBe(history.body[i - 1].hash);
    // Each entry carries its id, the entryId of the transparency log's proofs.
    for (const entry of history.body) expect(Number.isSafeInteger(entry.id) && entry.id > 0).toBe(true);
    expect(new Set(history.body.map((e: { id: number }) => e.id)).size).toBe(history.body.length);

    const verify = await t.http.get(`/audit/verify?planId=${id}`).set(as['lb.auditor']);
    // The plan's 9 entries and, for each of its 5 tracked assignments, ASSIGN and WAIVE.
    expect(verify.body).toEqual({ ok: true, checked: 19, subjects: 6, broken: [] });

    const csv = await t.http.get(`/plans/${id}/history?format=csv`).set(as['lb.auditor']);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,seq,at,event,fromState,toState,actorUsername/);
    expect(lines).toHaveLength(10);
    expect(lines[6]).toContain('ISSUE');
    expect(lines[6].split(',').slice(0, 3)).toEqual([String(history.body[5].id), '6', history.body[5].at]);
    const json = await t.http.get(`/plans/${id}/history?format=json`).set(as['lb.auditor']);
    expect(json.headers['content-disposition']).toContain('attachment');
    // Named for the plan's number, Vietnamese intact in filename* (RFC 5987), an ASCII twin in filename.
    const number = (await t.http.get(`/plans/${id}`).set(as['lb.auditor'])).body.numberAndSymbol as string;
    const name = `Lịch sử ${number.replace('/', '-')}.csv`;
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="Lich su ${number.replace('/', '-')}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(json.body).toHaveLength(9);
  });

  it('answers every refusal with its code and changes nothing', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;

    const stale = await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 1 } });

    const notAllowed = await send('lb.monitor', id, { type: 'START', expectedVersion: 1 });
    expect(notAllowed.status).toBe(409);
    expect(notAllowed.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { state: 'draft.editing', allowed: ['SUBMIT', 'DISCARD', 'REGISTER'] } });

    const wrongRole = await send('lb.drafter', id, { type: 'ISSUE', expectedVersion: 1, signature: SIGNATURE });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('FORBIDDEN');

    const outside = await send('ln.secretary', id, { type: 'RETURN', expectedVersion: 1, comment: 'x' });
    expect(outside.status).toBe(404);
    expect((await t.http.get(`/plans/${id}`).set(as['ln.secretary'])).status).toBe(404);

    const noSignature = await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 1 });
    expect(noSignature.status).toBe(400);
    expect(noSignature.body.details[0].field).toBe('signature');
    expect((await send('lb.drafter', id, { type: 'LAUNCH', expectedVersion: 1 })).status).toBe(400);

    expect((await t.http.get(`/plans/${id}`).set(as['lb.drafter'])).body).toMatchObject({ state: 'draft.editing', version: 1 });
  });

  it('refuses SUBMIT of an incomplete plan with every failing rule', async () => {
    const plan = completePlan(t, {
      purposes: [],
      phases: [{ title: 'Không có thời gian', items: [] }],
      assignments: [{ assigneeUnitId: t.units.get('ln-district-committee'), responsibilities: ['x'] }],
      reportDuty: null,
      recipients: [],
    });
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(plan)).body.id;
    const res = await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('GUARD_FAILED');
    expect(res.body.details.rules.map((r: { rule: string }) => r.rule)).toEqual([
      'PURPOSE_REQUIRED', 'PHASE_WITH_WINDOW_REQUIRED', 'ASSIGNMENT_OUT_OF_SCOPE', 'REPORT_DUTY_REQUIRED', 'RECIPIENT_REQUIRED',
    ]);
    const early = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { reportDuty: { collectorUnitId: t.units.get('lb-propaganda'), dueOn: '2015-12-01' } }));
    const rules = (await send('lb.drafter', early.body.id, { type: 'SUBMIT', expectedVersion: 1 })).body.details.rules;
    expect(rules.map((r: { rule: string }) => r.rule)).toEqual(['REPORT_DEADLINE_BEFORE_START']);
  });

  it('issues a child plan only while the parent it cites is live', async () => {
    const parent = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    const child = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { basis: [{ planId: parent }] }))).body.id;
    await send('lb.drafter', child, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    const refused = await send('lb.secretary', child, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE });
    expect(refused.status).toBe(422);
    expect(refused.body.details.rules).toEqual([expect.objectContaining({ rule: 'PARENT_NOT_LIVE' })]);

    await send('lb.drafter', parent, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await send('lb.secretary', parent, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    await send('lb.secretary', child, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const basis = (await t.http.get(`/plans/${child}`).set(as['lb.drafter'])).body.basis;
    expect(basis).toEqual([expect.objectContaining({ planId: parent, state: 'issued', numberAndSymbol: expect.stringMatching(/-KH\/QU$/) })]);
  });

  it('edits only drafts, withdraws with a reason and discards a draft', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    const whileSubmitted = await t.http.patch(`/plans/${id}`).set(as['lb.drafter']).send({ title: 'Đổi tên' });
    expect(whileSubmitted.status).toBe(409);
    expect(whileSubmitted.body.details).toMatchObject({ reason: 'NOT_EDITABLE' });
    await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    expect((await send('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason: '' })).status).toBe(422);
    expect((await send('lb.secretary', id, { type: 'WITHDRAW', expectedVersion: 3, reason: 'Ban hành kế hoạch thay thế' })).body.state).toBe('withdrawn');

    const draft = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    expect((await send('lb.drafter', draft, { type: 'DISCARD', expectedVersion: 1 })).body).toMatchObject({ state: 'discarded', nextEvents: [] });
  });

  it('returns the first result for a retried command with the same Idempotency-Key', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    const key = { 'Idempotency-Key': `submit-${id}` };
    const first = await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }, key);
    const retry = await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await t.http.get(`/plans/${id}/history`).set(as['lb.auditor'])).body).toHaveLength(2);
  });

  it('lets an assigned unit read the plan once issued, never the draft; lists with filters', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { title: 'Kế hoạch tìm kiếm đặc biệt' }))).body.id;
    expect((await t.http.get(`/plans/${id}`).set(as['lb.ward.officer'])).status).toBe(404);
    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const seen = await t.http.get(`/plans/${id}`).set(as['lb.ward.officer']);
    expect(seen.status).toBe(200);
    expect(seen.body.nextEvents).toEqual([]);

    const found = await t.http.get('/plans?text=tìm kiếm đặc biệt&state=issued').set(as['lb.ward.officer']);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    const drafts = await t.http.get('/plans?state=draft&limit=2').set(as['lb.drafter']);
    expect(drafts.body.items).toHaveLength(2);
    expect(drafts.body.nextCursor).not.toBeNull();
    expect(drafts.body.items.every((p: { state: string }) => p.state.startsWith('draft.'))).toBe(true);
    expect((await t.http.get('/plans').set(as['ln.secretary'])).body.items).toEqual([]);
  });

  it('searches text as written: % and _ are not wildcards', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { title: 'Kế hoạch đạt 100% chỉ tiêu_năm' }))).body.id;
    const ids = async (text: string) => (await t.http.get(`/plans?text=${encodeURIComponent(text)}&limit=100`).set(as['lb.drafter'])).body.items.map((p: { id: string }) => p.id);
    expect(await ids('100% chỉ tiêu_năm')).toEqual([id]);
    // As wildcards these would match every plan.
    expect(await ids('%')).toEqual([id]);
    expect(await ids('_')).toEqual([id]);
  });
});
