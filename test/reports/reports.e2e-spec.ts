import { DataSource } from 'typeorm';
import { AuditService } from '@app/transitions';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan, member } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ATTACHMENT = { name: 'bao-cao.pdf', size: 182044, contentType: 'application/pdf', checksum: SHA };

describe('implementation reports over HTTP', () => {
  let t: TestApp;
  let as: Record<string, Headers>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = {
      ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.secretary'])),
      'bode.secretary': await member(t, 'bode.secretary', 'lb-ward-bo-de', 'secretary'),
      'bode.auditor': await member(t, 'bode.auditor', 'lb-ward-bo-de', 'auditor'),
      'cukhoi.officer': await member(t, 'cukhoi.officer', 'lb-ward-cu-khoi', 'unit_officer'),
      'prop.monitor': await member(t, 'prop.monitor', 'lb-propaganda', 'monitor'),
      'prop.drafter': await member(t, 'prop.drafter', 'lb-propaganda', 'drafter'),
      'hn.admin': await demoTokens(t, ['hn.admin']).then((x) => x['hn.admin']),
    };
  });
  afterAll(() => t.close());

  /** A district plan assigning Bồ Đề (no own plan), collected by the district's propaganda department. */
  const wardAssignment = async (): Promise<string> => {
    const { assignments } = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], {
      issuer: 'lb-district-committee',
      collector: 'lb-propaganda',
      assignments: [{ unit: 'lb-ward-bo-de' }],
    });
    return assignments[0].id;
  };
  const acknowledge = (assignmentId: string) =>
    t.http.post(`/assignments/${assignmentId}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
  const createReport = async (assignmentId: string, body: object = {}) => {
    const res = await t.http.post(`/assignments/${assignmentId}/reports`).set(as['lb.ward.officer']).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const event = (who: string, id: string, body: object, key?: string) => {
    const req = t.http.post(`/reports/${id}/events`).set(as[who]);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const assignmentState = async (id: string) => (await t.http.get(`/assignments/${id}`).set(as['lb.secretary'])).body.state;

  it('lists the indicator catalogue for any signed-in user, in order', async () => {
    const res = await t.http.get('/indicators').set(as['lb.ward.officer']);
    expect(res.status).toBe(200);
    expect(res.body.map((i: { code: string }) => i.code)).toEqual([
      'speaker_conferences', 'attendees', 'news_articles', 'radio_broadcasts', 'banners_posters', 'publications', 'social_posts', 'emulation_movements',
    ]);
    expect(res.body[0]).toEqual({ code: 'speaker_conferences', name: 'Hội nghị báo cáo viên', unit: 'hội nghị', position: 1 });
    expect((await t.http.get('/indicators')).status).toBe(401);
  });

  it('creates a draft for the assignee\'s people only, one per assignment', async () => {
    const assignmentId = await wardAssignment();
    const created = await t.http
      .post(`/assignments/${assignmentId}/reports`)
      .set(as['lb.ward.officer'])
      .send({ results: 'Tổ chức 2 hội nghị báo cáo viên.', indicators: { attendees: 300, speaker_conferences: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      assignmentId,
      unitId: t.units.get('lb-ward-bo-de'),
      unitName: 'Đảng ủy phường Bồ Đề',
      state: 'draft',
      version: 1,
      machineVersion: 1,
      results: 'Tổ chức 2 hội nghị báo cáo viên.',
      limitations: null,
      attachments: [],
      childTotals: null,
      lastReturn: null,
      submittedAt: null,
      nextEvents: ['SUBMIT'],
      plan: { issuerUnitId: t.units.get('lb-district-committee'), collectorUnitId: t.units.get('lb-propaganda'), state: 'issued' },
    });
    // Catalogue order, whatever order they were sent in.
    expect(Object.entries(created.body.indicators)).toEqual([['speaker_conferences', 2], ['attendees', 300]]);

    const again = await t.http.post(`/assignments/${assignmentId}/reports`).set(as['bode.secretary']).send({});
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ reason: 'REPORT_EXISTS', reportId: created.body.id });
    expect((await t.http.get(`/assignments/${assignmentId}/report`).set(as['lb.secretary'])).body.id).toBe(created.body.id);

    const other = await wardAssignment();
    for (const [who, status] of [['lb.secretary', 403], ['lb.monitor', 403], ['prop.monitor', 403], ['bode.auditor', 403], ['ln.secretary', 404], ['cukhoi.officer', 404]] as const) {
      const res = await t.http.post(`/assignments/${other}/reports`).set(as[who]).send({});
      expect([who, res.status, res.body.code]).toEqual([who, status, status === 403 ? 'FORBIDDEN' : 'NOT_FOUND']);
    }
    expect((await t.http.get(`/assignments/${other}/report`).set(as['lb.ward.officer'])).status).toBe(404);
    expect((await t.http.post('/assignments/00000000-0000-4000-8000-000000000000/reports').set(as['lb.ward.officer']).send({})).status).toBe(404);
  });

  it('refuses bad input with 400 VALIDATION_FAILED naming the field', async () => {
    const assignmentId = await wardAssignment();
    const bad: [object, string][] = [
      [{ indicators: { attendees: -1 } }, 'indicators'],
      [{ indicators: { attendees: '12' } }, 'indicators'],
      [{ indicators: { Attendees: 1 } }, 'indicators'],
      [{ indicators: [1, 2] }, 'indicators'],
      [{ indicators: { attendees: 1e13 } }, 'indicators'],
      [{ indicators: { no_such_indicator: 1 } }, 'indicators.no_such_indicator'],
      [{ attachments: [{ ...ATTACHMENT, checksum: 'abc' }] }, 'attachments.0.checksum'],
      [{ attachments: [{ ...ATTACHMENT, contentType: 'pdf' }] }, 'attachments.0.contentType'],
      [{ attachments: [{ ...ATTACHMENT, size: -5 }] }, 'attachments.0.size'],
      [{ attachments: [{ ...ATTACHMENT, name: '  ' }] }, 'attachments.0.name'],
      [{ attachments: [{ ...ATTACHMENT, owner: 'x' }] }, 'attachments.0.owner'],
      [{ attachments: [ATTACHMENT] }, 'attachments.0.checksum'],
      [{ results: 42 }, 'results'],
      [{ state: 'accepted' }, 'state'],
    ];
    for (const [body, field] of bad) {
      const res = await t.http.post(`/assignments/${assignmentId}/reports`).set(as['lb.ward.officer']).send(body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), 400, 'VALIDATION_FAILED']);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await t.http.post(`/assignments/${assignmentId}/reports?rollUp=yes`).set(as['lb.ward.officer']).send({})).status).toBe(400);
    expect((await t.http.post('/assignments/not-a-uuid/reports').set(as['lb.ward.officer']).send({})).status).toBe(400);
    expect((await t.http.get('/reports/not-a-uuid').set(as['lb.ward.officer'])).status).toBe(400);
    // Nothing was written by the refused requests.
    expect((await t.http.get(`/assignments/${assignmentId}/report`).set(as['lb.ward.officer'])).status).toBe(404);
  });

  it('edits a draft with expectedVersion, auditing what changed; refuses stale versions and strangers', async () => {
    const assignmentId = await wardAssignment();
    const report = await createReport(assignmentId, { results: 'Bước đầu.', indicators: { attendees: 10 } });
    const uploaded = await t.http.post(`/reports/${report.id}/files`).set(as['bode.secretary']).attach('file', Buffer.from('%PDF-1.4 báo cáo'), { filename: 'bao-cao.pdf', contentType: 'application/pdf' });
    expect(uploaded.status).toBe(201);
    const ATTACHMENT = uploaded.body;
    const edited = await t.http
      .patch(`/reports/${report.id}`)
      .set(as['bode.secretary'])
      .send({ expectedVersion: 1, results: 'Đã tổ chức 2 hội nghị.', lessons: 'Chuẩn bị tài liệu sớm.', indicators: { speaker_conferences: 2 }, attachments: [ATTACHMENT] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, results: 'Đã tổ chức 2 hội nghị.', lessons: 'Chuẩn bị tài liệu sớm.', indicators: { speaker_conferences: 2 }, attachments: [ATTACHMENT] });
    expect(edited.body.indicators).not.toHaveProperty('attendees');

    const stale = await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 1, results: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 2 } });
    expect((await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ results: 'x' })).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.patch(`/reports/${report.id}`).set(as['lb.secretary']).send({ expectedVersion: 2, results: 'x' })).status).toBe(403);
    expect((await t.http.patch(`/reports/${report.id}`).set(as['prop.monitor']).send({ expectedVersion: 2, results: 'x' })).status).toBe(403);
    expect((await t.http.patch(`/reports/${report.id}`).set(as['ln.secretary']).send({ expectedVersion: 2, results: 'x' })).status).toBe(404);
    expect((await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 2, indicators: { unknown_thing: 1 } })).status).toBe(400);
    const cleared = await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 2, lessons: null });
    expect(cleared.body).toMatchObject({ version: 3, lessons: null });

    const history = await t.http.get(`/reports/${report.id}/history`).set(as['lb.auditor']);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { event: string; seq: number }) => [e.seq, e.event])).toEqual([[1, 'CREATE'], [2, 'EDIT'], [3, 'EDIT']]);
    expect(history.body[1].payload.changes).toEqual({
      results: { before: 'Bước đầu.', after: 'Đã tổ chức 2 hội nghị.' },
      lessons: { before: null, after: 'Chuẩn bị tài liệu sớm.' },
      indicators: { before: { attendees: 10 }, after: { speaker_conferences: 2 } },
      attachments: { before: [], after: [ATTACHMENT] },
    });
    expect(history.body[1].actor).toMatchObject({ username: 'bode.secretary', role: 'secretary', unitId: t.units.get('lb-ward-bo-de') });
    expect((await t.http.get(`/reports/${report.id}/history`).set(as['lb.ward.officer'])).status).toBe(403);
    expect((await t.http.get(`/reports/${report.id}/history`).set(as['bode.auditor'])).status).toBe(200);
  });

  it('submits, returns with a comment, takes the revision and accepts, moving the assignment at each step', async () => {
    const assignmentId = await wardAssignment();
    const report = await createReport(assignmentId, {});

    const early = await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 1 });
    expect(early.status).toBe(422);
    expect(early.body.details.rules.map((r: { rule: string }) => r.rule)).toEqual(['RESULTS_REQUIRED', 'ASSIGNMENT_NOT_READY']);
    await acknowledge(assignmentId);
    const noResults = await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 1 });
    expect(noResults.body.details.rules.map((r: { rule: string }) => r.rule)).toEqual(['RESULTS_REQUIRED']);
    await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 1, results: 'Treo 40 băng rôn.', indicators: { banners_posters: 40 } }).expect(200);

    expect((await event('lb.monitor', report.id, { type: 'SUBMIT', expectedVersion: 2 })).status).toBe(403);
    expect((await event('ln.secretary', report.id, { type: 'SUBMIT', expectedVersion: 2 })).status).toBe(404);
    expect((await event('lb.ward.officer', report.id, { type: 'ACCEPT', expectedVersion: 2 })).status).toBe(403);
    const submitted = await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 2 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ id: report.id, state: 'submitted', version: 3, nextEvents: [] });
    expect(await assignmentState(assignmentId)).toBe('reported');

    expect((await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 3, results: 'x' })).body.details).toEqual({ reason: 'NOT_EDITABLE', state: 'submitted' });
    expect((await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 3 })).body.code).toBe('EVENT_NOT_ALLOWED');
    expect((await event('prop.drafter', report.id, { type: 'ACCEPT', expectedVersion: 3 })).status).toBe(403);
    expect((await event('lb.drafter', report.id, { type: 'RETURN', expectedVersion: 3, comment: 'x' })).status).toBe(403);
    const stale = await event('prop.monitor', report.id, { type: 'ACCEPT', expectedVersion: 2 });
    expect(stale.body.code).toBe('STALE_VERSION');
    const noComment = await event('prop.monitor', report.id, { type: 'RETURN', expectedVersion: 3, comment: '  ' });
    expect(noComment.status).toBe(422);
    expect(noComment.body.details).toEqual({ guard: 'hasComment', rules: [{ rule: 'COMMENT_REQUIRED', message: expect.any(String) }] });

    // The monitoring unit named in the report duty sees the report and may decide it.
    expect((await t.http.get(`/reports/${report.id}`).set(as['prop.monitor'])).body.nextEvents).toEqual(['ACCEPT', 'RETURN']);
    const returned = await event('prop.monitor', report.id, { type: 'RETURN', expectedVersion: 3, comment: 'Bổ sung số buổi phát thanh.' }, 'return-1');
    expect(returned.status).toBe(200);
    expect(returned.body).toEqual({ id: report.id, state: 'returned', version: 4, nextEvents: [] });
    const replay = await event('prop.monitor', report.id, { type: 'RETURN', expectedVersion: 3, comment: 'Bổ sung số buổi phát thanh.' }, 'return-1');
    expect(replay.body).toEqual(returned.body);
    expect(await assignmentState(assignmentId)).toBe('returned');
    const outbox = await t.app.get(DataSource).query(`SELECT type, unit_id AS "unitId", payload FROM outbox WHERE subject_id = $1`, [report.id]);
    expect(outbox).toEqual([{ type: 'report_returned', unitId: t.units.get('lb-ward-bo-de'), payload: { assignmentId, comment: 'Bổ sung số buổi phát thanh.' } }]);

    // The unit revising it reads the reviewer's comment on the report itself (the history is for auditors).
    const seen = await t.http.get(`/reports/${report.id}`).set(as['lb.ward.officer']);
    expect(seen.body.lastReturn).toEqual({
      comment: 'Bổ sung số buổi phát thanh.', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), actorName: expect.any(String), actorUnitName: 'Ban Tuyên giáo Quận ủy Long Biên',
    });
    const revised = await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: 4, indicators: { banners_posters: 40, radio_broadcasts: 6 } });
    expect(revised.body).toMatchObject({ state: 'returned', version: 5, nextEvents: ['SUBMIT'], lastReturn: { comment: 'Bổ sung số buổi phát thanh.' } });
    await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 5 }).expect(200);
    expect(await assignmentState(assignmentId)).toBe('reported');
    const accepted = await event('lb.monitor', report.id, { type: 'ACCEPT', expectedVersion: 6 });
    expect(accepted.body).toEqual({ id: report.id, state: 'accepted', version: 7, nextEvents: [] });
    expect(await assignmentState(assignmentId)).toBe('accepted');
    const final = await t.http.get(`/reports/${report.id}`).set(as['lb.ward.officer']);
    expect(final.body).toMatchObject({ state: 'accepted', indicators: { radio_broadcasts: 6, banners_posters: 40 }, nextEvents: [] });
    expect(final.body.submittedAt).not.toBeNull();
    expect(final.body.decidedAt).not.toBeNull();
    expect((await event('prop.monitor', report.id, { type: 'RETURN', expectedVersion: 7, comment: 'x' })).body).toMatchObject({
      code: 'EVENT_NOT_ALLOWED', details: { state: 'accepted', allowed: [] },
    });

    // Each version as submitted stays readable in the chain, and both chains verify.
    const history = (await t.http.get(`/reports/${report.id}/history`).set(as['lb.auditor'])).body;
    expect(history.map((e: { event: string }) => e.event)).toEqual(['CREATE', 'EDIT', 'SUBMIT', 'RETURN', 'EDIT', 'SUBMIT', 'ACCEPT']);
    expect(history[2].payload.content.indicators).toEqual({ banners_posters: 40 });
    expect(history[5].payload.content.indicators).toEqual({ radio_broadcasts: 6, banners_posters: 40 });
    expect(history[3]).toMatchObject({ comment: 'Bổ sung số buổi phát thanh.', actor: { role: 'monitor', unitId: t.units.get('lb-propaganda') } });
    expect(history[6].actor).toMatchObject({ role: 'monitor', unitId: t.units.get('lb-district-committee') });
    const assignmentChain = await t.app.get(AuditService).history(assignmentId);
    expect(assignmentChain.map((e) => e.event)).toEqual(['ASSIGN', 'ACKNOWLEDGE', 'REPORT_SUBMITTED', 'REPORT_RETURNED', 'REPORT_SUBMITTED', 'REPORT_ACCEPTED']);
    expect(await t.app.get(AuditService).verify([report.id, assignmentId])).toMatchObject({ ok: true, checked: 13, subjects: 2 });
  });

  it('refuses bad events with 400', async () => {
    const report = await createReport(await wardAssignment());
    for (const body of [{ type: 'APPROVE', expectedVersion: 1 }, { type: 'SUBMIT' }, { type: 'SUBMIT', expectedVersion: 0 }, { type: 'RETURN', expectedVersion: 1, comment: 7 }]) {
      expect((await event('lb.ward.officer', report.id, body)).status).toBe(400);
    }
    expect((await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 1 }, 'bad key!')).status).toBe(400);
  });

  it('shows a report to its unit, the issuer and monitoring side and those above, and to nobody else', async () => {
    const assignmentId = await wardAssignment();
    const report = await createReport(assignmentId, { results: 'x' });
    for (const [who, status] of [
      ['lb.ward.officer', 200], ['bode.secretary', 200], ['lb.drafter', 200], ['lb.auditor', 200], ['prop.monitor', 200], ['prop.drafter', 200], ['hn.admin', 200],
      ['cukhoi.officer', 404], ['ln.secretary', 404],
    ] as const) {
      expect([who, (await t.http.get(`/reports/${report.id}`).set(as[who])).status]).toEqual([who, status]);
      expect([who, (await t.http.get(`/assignments/${assignmentId}/report`).set(as[who])).status]).toEqual([who, status]);
    }
    expect((await t.http.get(`/reports/${report.id}`).set(as['lb.drafter'])).body.nextEvents).toEqual([]);
    expect((await t.http.get(`/reports/${report.id}/history`).set(as['ln.secretary'])).status).toBe(403);
    expect((await t.http.get('/reports/00000000-0000-4000-8000-000000000000').set(as['lb.ward.officer'])).status).toBe(404);
  });

  it('lets the collecting unit read the plan and the assignments it collects reports on, but not move them', async () => {
    const assignmentId = await wardAssignment();
    const planId = (await t.http.get(`/assignments/${assignmentId}`).set(as['lb.secretary'])).body.plan.id;
    const other = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    for (const who of ['prop.monitor', 'prop.drafter']) {
      expect([who, (await t.http.get(`/plans/${planId}`).set(as[who])).status]).toEqual([who, 200]);
      const listed = await t.http.get(`/plans/${planId}/assignments`).set(as[who]);
      expect([who, listed.status, listed.body.map((a: { id: string }) => a.id)]).toEqual([who, 200, [assignmentId]]);
      expect([who, (await t.http.get(`/assignments/${assignmentId}`).set(as[who])).status]).toEqual([who, 200]);
      expect([who, (await t.http.get(`/plans/${other.planId}`).set(as[who])).status]).toEqual([who, 404]);
      expect([who, (await t.http.get(`/assignments/${other.assignments[0].id}`).set(as[who])).status]).toEqual([who, 404]);
    }
    const waive = await t.http.post(`/assignments/${assignmentId}/events`).set(as['prop.monitor']).send({ type: 'WAIVE', expectedVersion: 1, reason: 'x' });
    expect(waive.status).toBe(403);
    expect((await t.http.get(`/assignments/${assignmentId}`).set(as['lb.secretary'])).body).toMatchObject({ state: 'assigned', version: 1 });
  });

  it('closes the report of a waived assignment', async () => {
    const assignmentId = await wardAssignment();
    await acknowledge(assignmentId);
    const report = await createReport(assignmentId, { results: 'x' });
    await event('lb.ward.officer', report.id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/assignments/${assignmentId}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: 3, reason: 'Phường đã sáp nhập' }).expect(200);
    const refused = await event('lb.monitor', report.id, { type: 'ACCEPT', expectedVersion: 2 });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual({ reason: 'ASSIGNMENT_CLOSED', state: 'waived' });

    const waived = await wardAssignment();
    await t.http.post(`/assignments/${waived}/events`).set(as['lb.monitor']).send({ type: 'WAIVE', expectedVersion: 1, reason: 'Không còn phù hợp' }).expect(200);
    const closed = await t.http.post(`/assignments/${waived}/reports`).set(as['lb.ward.officer']).send({});
    expect(closed.status).toBe(409);
    expect(closed.body.details).toEqual({ reason: 'ASSIGNMENT_CLOSED', state: 'waived' });
  });

  it('creates one report when the unit\'s people start it at the same moment', async () => {
    const assignmentId = await wardAssignment();
    const results = await Promise.all(
      ['lb.ward.officer', 'bode.secretary', 'lb.ward.officer', 'bode.secretary'].map((who) => t.http.post(`/assignments/${assignmentId}/reports`).set(as[who]).send({})),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('rolls up only from a reviewed implementing plan', async () => {
    const assignmentId = await wardAssignment();
    const res = await t.http.post(`/assignments/${assignmentId}/reports?rollUp=true`).set(as['lb.ward.officer']).send({});
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual({ reason: 'NO_IMPLEMENTING_PLAN' });
  });
});
