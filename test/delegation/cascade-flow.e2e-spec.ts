import { DataSource } from 'typeorm';
import { verifySubjects } from '@app/transitions';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan, member, Tracked } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

type Values = Record<string, number>;

/**
 * The three-level cascade of issue 4, end to end over HTTP: the city committee's plan
 * reaches the district committee, which writes and issues its own implementing plan for
 * its wards; the wards report; the district returns one report, takes the revision,
 * reviews its plan and rolls its report up to the city; the city accepts and reviews.
 */
describe('a plan cascading city → district → wards, and its reports rolling back up', () => {
  let t: TestApp;
  let as: Record<string, Headers>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = {
      ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer', 'ln.secretary'])),
      'hn.drafter': await member(t, 'hn.drafter', 'hn-city-committee', 'drafter'),
      'hn.secretary': await member(t, 'hn.secretary', 'hn-city-committee', 'secretary'),
      'hn.propaganda.monitor': await member(t, 'hn.propaganda.monitor', 'hn-propaganda', 'monitor'),
      'cukhoi.officer': await member(t, 'cukhoi.officer', 'lb-ward-cu-khoi', 'unit_officer'),
    };
  });
  afterAll(() => t.close());

  const unit = (key: string) => t.units.get(key)!;
  const send = (who: string, path: string, body: object) => t.http.post(path).set(as[who]).send(body);
  const ok = async (who: string, path: string, body: object, status = 200) => {
    const res = await send(who, path, body);
    expect([path, res.status, res.body.code]).toEqual([path, status, undefined]);
    return res.body;
  };
  const get = async (who: string, path: string) => {
    const res = await t.http.get(path).set(as[who]);
    expect([path, res.status]).toEqual([path, 200]);
    return res.body;
  };

  it('runs from the city plan\'s issue to its review, with indicator sums checked at every level', async () => {
    // 1. The city committee issues its plan: the district must write its own plan; Ban Tuyên giáo Thành ủy collects the reports.
    const city = await issuePlan(t, as['hn.drafter'], as['hn.secretary'], {
      issuer: 'hn-city-committee',
      collector: 'hn-propaganda',
      assignments: [{ unit: 'lb-district-committee', requiresOwnPlan: true, dueOn: '2016-02-20' }],
    });
    const [cityAssignment] = city.assignments;
    expect(cityAssignment).toMatchObject({ assigneeUnitId: unit('lb-district-committee'), state: 'assigned' });

    // 2. The district drafts its implementing plan from the assignment, assigns its wards and issues it.
    await ok('lb.drafter', `/assignments/${cityAssignment.id}/events`, { type: 'ACKNOWLEDGE', expectedVersion: 1 });
    const child = await ok('lb.drafter', `/assignments/${cityAssignment.id}/child-plan`, {}, 201);
    expect(child).toMatchObject({ issuerUnitId: unit('lb-district-committee'), basis: [{ planId: city.planId }], reportDuty: { collectorUnitId: unit('lb-district-committee') } });
    const wards = ['lb-ward-bo-de', 'lb-ward-cu-khoi', 'lb-ward-duc-giang'];
    const patched = await t.http.patch(`/plans/${child.id}`).set(as['lb.drafter']).send({
      expectedVersion: 1,
      assignments: wards.map((w) => ({ assigneeUnitId: unit(w), responsibilities: ['Tuyên truyền tại địa bàn, báo cáo kết quả'], requiresOwnPlan: false, dueOn: '2016-02-10' })),
    });
    expect(patched.status).toBe(200);
    await ok('lb.drafter', `/plans/${child.id}/events`, { type: 'SUBMIT', expectedVersion: 2 });
    const issued = await ok('lb.secretary', `/plans/${child.id}/events`, {
      type: 'ISSUE', expectedVersion: 3, signature: { authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' },
    });
    expect(issued.state).toBe('issued');
    expect((await get('lb.drafter', `/assignments/${cityAssignment.id}`)).state).toBe('implementing');
    const wardAssignments: Tracked[] = await get('lb.secretary', `/plans/${child.id}/assignments`);
    const byWard = Object.fromEntries(wardAssignments.map((a) => [wards.find((w) => unit(w) === a.assigneeUnitId)!, a.id]));

    // 3. Two wards report with indicators; the third is waived by the district.
    const boDe: Values = { speaker_conferences: 2, attendees: 300, banners_posters: 40 };
    const cuKhoiFirst: Values = { attendees: 150, news_articles: 12, social_posts: 30 };
    await ok('lb.ward.officer', `/assignments/${byWard['lb-ward-bo-de']}/events`, { type: 'ACKNOWLEDGE', expectedVersion: 1 });
    const boDeReport = await ok('lb.ward.officer', `/assignments/${byWard['lb-ward-bo-de']}/reports`, { results: 'Tổ chức 2 hội nghị báo cáo viên, treo 40 băng rôn.', indicators: boDe }, 201);
    await ok('lb.ward.officer', `/reports/${boDeReport.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    await ok('cukhoi.officer', `/assignments/${byWard['lb-ward-cu-khoi']}/events`, { type: 'ACKNOWLEDGE', expectedVersion: 1 });
    const cuKhoiReport = await ok('cukhoi.officer', `/assignments/${byWard['lb-ward-cu-khoi']}/reports`, {
      results: 'Đăng 12 tin, bài và 30 bài trên mạng xã hội.', limitations: 'Chưa có số liệu phát thanh.', indicators: cuKhoiFirst,
    }, 201);
    await ok('cukhoi.officer', `/reports/${cuKhoiReport.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    await ok('lb.secretary', `/assignments/${byWard['lb-ward-duc-giang']}/events`, { type: 'WAIVE', expectedVersion: 1, reason: 'Phường tổ chức Đại hội, báo cáo chung với kỳ sau' });

    // A ward never sees another ward's report; a unit of another branch sees none of them.
    expect((await t.http.get(`/reports/${cuKhoiReport.id}`).set(as['lb.ward.officer'])).status).toBe(404);
    expect((await t.http.get(`/reports/${boDeReport.id}`).set(as['cukhoi.officer'])).status).toBe(404);
    expect((await t.http.get(`/reports/${boDeReport.id}`).set(as['ln.secretary'])).status).toBe(404);

    // 4. The district accepts one report and returns the other; the ward revises and resubmits; the district accepts.
    await ok('lb.monitor', `/reports/${boDeReport.id}/events`, { type: 'ACCEPT', expectedVersion: 2 });
    await ok('lb.monitor', `/reports/${cuKhoiReport.id}/events`, { type: 'RETURN', expectedVersion: 2, comment: 'Bổ sung số buổi phát thanh.' });
    expect((await get('cukhoi.officer', `/assignments/${byWard['lb-ward-cu-khoi']}`)).state).toBe('returned');
    const cuKhoi: Values = { attendees: 180, news_articles: 12, radio_broadcasts: 4, social_posts: 30 };
    const revised = await t.http.patch(`/reports/${cuKhoiReport.id}`).set(as['cukhoi.officer']).send({ expectedVersion: 3, indicators: cuKhoi, limitations: null });
    expect(revised.status).toBe(200);
    await ok('cukhoi.officer', `/reports/${cuKhoiReport.id}/events`, { type: 'SUBMIT', expectedVersion: 4 });
    await ok('lb.monitor', `/reports/${cuKhoiReport.id}/events`, { type: 'ACCEPT', expectedVersion: 5 });
    for (const [ward, values] of [['lb-ward-bo-de', boDe], ['lb-ward-cu-khoi', cuKhoi]] as const) {
      const report = await get('lb.monitor', `/assignments/${byWard[ward]}/report`);
      expect([ward, report.state, report.indicators]).toEqual([ward, 'accepted', values]);
      expect((await get('lb.monitor', `/assignments/${byWard[ward]}`)).state).toBe('accepted');
    }

    // 5. The district's plan moves on by hand; a roll-up waits for its review.
    await ok('lb.secretary', `/plans/${child.id}/events`, { type: 'START', expectedVersion: 4 });
    await ok('lb.monitor', `/plans/${child.id}/events`, { type: 'OPEN_REPORTING', expectedVersion: 5 });
    const early = await send('lb.drafter', `/assignments/${cityAssignment.id}/reports?rollUp=true`, {});
    expect(early.status).toBe(409);
    expect(early.body.details).toEqual({ reason: 'IMPLEMENTING_PLAN_NOT_REVIEWED', childPlanId: child.id, state: 'reporting' });
    await ok('lb.secretary', `/plans/${child.id}/events`, { type: 'REVIEW', expectedVersion: 6, summary: 'Các phường hoàn thành nhiệm vụ tuyên truyền.' });

    // 6. The district rolls its report up to the city: the wards' accepted sums plus its own work on top.
    const wardSums: Values = { speaker_conferences: 2, attendees: 480, news_articles: 12, radio_broadcasts: 4, banners_posters: 40, social_posts: 30 };
    const own: Values = { speaker_conferences: 1, attendees: 200, news_articles: 5 };
    const districtTotals: Values = { speaker_conferences: 3, attendees: 680, news_articles: 17, radio_broadcasts: 4, banners_posters: 40, social_posts: 30 };
    const rolled = await ok('lb.drafter', `/assignments/${cityAssignment.id}/reports?rollUp=true`, { results: 'Quận ủy tổ chức hội nghị quán triệt.', indicators: own }, 201);
    expect(rolled).toMatchObject({
      state: 'draft',
      unitId: unit('lb-district-committee'),
      childTotals: { childPlanId: child.id, childPlanState: 'reviewed', reports: 2, indicators: wardSums },
      limitations: null,
    });
    expect(rolled.indicators).toEqual(districtTotals);
    expect(Object.keys(rolled.indicators)).toEqual(['speaker_conferences', 'attendees', 'news_articles', 'radio_broadcasts', 'banners_posters', 'social_posts']);
    expect(rolled.results).toBe(
      'Quận ủy tổ chức hội nghị quán triệt.\n\nTổng hợp từ báo cáo của các đơn vị:\n' +
        '- Đảng ủy phường Bồ Đề: Tổ chức 2 hội nghị báo cáo viên, treo 40 băng rôn.\n' +
        '- Đảng ủy phường Cự Khối: Đăng 12 tin, bài và 30 bài trên mạng xã hội.',
    );
    const [creation] = (await t.app.get(DataSource).query(`SELECT payload FROM audit_entries WHERE subject_id = $1 AND seq = 1`, [rolled.id])) as { payload: Record<string, unknown> }[];
    expect(creation.payload.rollUp).toEqual({
      childPlanId: child.id,
      children: [
        { reportId: boDeReport.id, unitId: unit('lb-ward-bo-de'), indicators: boDe },
        { reportId: cuKhoiReport.id, unitId: unit('lb-ward-cu-khoi'), indicators: cuKhoi },
      ],
      sums: wardSums,
    });
    await ok('lb.drafter', `/reports/${rolled.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    expect((await get('hn.secretary', `/assignments/${cityAssignment.id}`)).state).toBe('reported');

    // 7. The city's monitoring unit accepts; at the city level the district's report carries the whole cascade.
    const atCity = await get('hn.propaganda.monitor', `/reports/${rolled.id}`);
    expect(atCity.nextEvents).toEqual(['ACCEPT', 'RETURN']);
    await ok('hn.propaganda.monitor', `/reports/${rolled.id}/events`, { type: 'ACCEPT', expectedVersion: 2 });
    expect((await get('hn.secretary', `/assignments/${cityAssignment.id}`)).state).toBe('accepted');
    const cityTotals = (await t.app.get(DataSource).query(
      `SELECT ri.indicator_code AS code, sum(ri.value)::float8 AS total
       FROM plan_assignments a JOIN reports r ON r.assignment_id = a.id AND r.state = 'accepted' JOIN report_indicators ri ON ri.report_id = r.id
       WHERE a.plan_id = $1 GROUP BY ri.indicator_code`,
      [city.planId],
    )) as { code: string; total: number }[];
    expect(Object.fromEntries(cityTotals.map((r) => [r.code, r.total]))).toEqual(districtTotals);
    // The cascade's total is every unit's own work added once: each ward's report and the district's own part.
    const added: Values = {};
    for (const values of [boDe, cuKhoi, own]) for (const [code, n] of Object.entries(values)) added[code] = (added[code] ?? 0) + n;
    expect(added).toEqual(districtTotals);

    // 8. The city's plan is reviewed; every chain the cascade wrote verifies.
    await ok('hn.secretary', `/plans/${city.planId}/events`, { type: 'START', expectedVersion: 3 });
    await ok('hn.secretary', `/plans/${city.planId}/events`, { type: 'OPEN_REPORTING', expectedVersion: 4 });
    const reviewed = await ok('hn.secretary', `/plans/${city.planId}/events`, { type: 'REVIEW', expectedVersion: 5, summary: 'Quận Long Biên hoàn thành.' });
    expect(reviewed.state).toBe('reviewed');
    const db = t.app.get(DataSource);
    expect(await verifySubjects((sql, params) => db.query(sql, params), 'all')).toMatchObject({ ok: true, broken: [] });
    expect(await db.query(`SELECT type, unit_id AS "unitId" FROM outbox WHERE type = 'report_returned'`)).toEqual([{ type: 'report_returned', unitId: unit('lb-ward-cu-khoi') }]);
  });
});
