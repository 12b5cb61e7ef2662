import { DataSource } from 'typeorm';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { Headers, issuePlan, member, Tracked } from '../support/report-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

type Values = Record<string, number>;

interface TreeNode {
  id: string;
  depth: number;
  parentAssignmentId: string | null;
  unit: { id: string; name: string; shortName: string; kind: string };
  state: string;
  overdue: boolean;
  childPlan: { id: string; state: string; numberAndSymbol: string | null } | null;
  report: { id: string; state: string } | null;
  indicators: Values;
  matches: boolean;
  childCount: number;
  children: TreeNode[];
}

/**
 * GET /plans/:id/cascade and /cascade/nodes over HTTP on a three-level cascade: the city
 * committee's plan → the Long Biên district (its implementing plan) → wards (Bồ Đề with its
 * own plan) → the ward's party cells. States, child plan numbers, report states and figures
 * at every level, the filters, the flat form, who sees what, and what an amendment and a
 * withdrawal do to the tree.
 */
describe('the cascade view', () => {
  let t: TestApp;
  let as: Record<string, Headers>;
  const keyOf = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const cell of ['bode-cell-1', 'bode-cell-2']) {
      const res = await t.http.post('/units').set(bearer(t.rootToken))
        .send({ name: `Chi bộ khu dân cư ${cell.slice(-1)}`, shortName: 'CB', kind: 'party_cell', parentId: t.units.get('lb-ward-bo-de'), symbolStyle: 'party' });
      t.units.set(cell, res.body.id);
    }
    for (const [key, id] of t.units) keyOf.set(id, key);
    as = {
      ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer', 'ln.secretary'])),
      'hn.drafter': await member(t, 'hn.drafter', 'hn-city-committee', 'drafter'),
      'hn.secretary': await member(t, 'hn.secretary', 'hn-city-committee', 'secretary'),
      'hn.propaganda.monitor': await member(t, 'hn.propaganda.monitor', 'hn-propaganda', 'monitor'),
      'hn.propaganda.officer': await member(t, 'hn.propaganda.officer', 'hn-propaganda', 'unit_officer'),
      'bode.drafter': await member(t, 'bode.drafter', 'lb-ward-bo-de', 'drafter'),
      'bode.secretary': await member(t, 'bode.secretary', 'lb-ward-bo-de', 'secretary'),
      'cukhoi.officer': await member(t, 'cukhoi.officer', 'lb-ward-cu-khoi', 'unit_officer'),
      'giathuy.officer': await member(t, 'giathuy.officer', 'lb-ward-gia-thuy', 'unit_officer'),
      'cell1.officer': await member(t, 'cell1.officer', 'bode-cell-1', 'unit_officer'),
      'cell2.officer': await member(t, 'cell2.officer', 'bode-cell-2', 'unit_officer'),
    };
  });
  afterAll(() => t.close());

  const unit = (key: string) => t.units.get(key)!;
  const ok = async (who: string, path: string, body: object, status = 200) => {
    const res = await t.http.post(path).set(as[who]).send(body);
    expect([path, res.status, res.body.code]).toEqual([path, status, undefined]);
    return res.body;
  };
  const get = (who: string, path: string) => t.http.get(path).set(as[who]);
  const cascade = async (who: string, planId: string, query = '') => {
    const res = await get(who, `/plans/${planId}/cascade${query}`);
    expect([query, res.status, res.body.code]).toEqual([query, 200, undefined]);
    return res.body as { plan: { id: string }; scope: string; totals: Record<string, unknown>; listed: number; nodes: TreeNode[] };
  };
  /** A node as [unit, state, overdue, child plan number and state, report state, figures, children]: every level at once. */
  type Shape = [string, string, boolean, string | null, string | null, Values, Shape[]];
  const shape = (n: TreeNode): Shape => [
    keyOf.get(n.unit.id)!, n.state, n.overdue, n.childPlan && `${n.childPlan.numberAndSymbol} ${n.childPlan.state}`, n.report?.state ?? null, n.indicators, n.children.map(shape),
  ];

  /** The unit acknowledges its assignment and writes its implementing plan for the given units; the plan is issued. */
  async function implement(assignmentId: string, drafter: string, secretary: string, units: { unit: string; requiresOwnPlan?: boolean }[]) {
    await ok(drafter, `/assignments/${assignmentId}/events`, { type: 'ACKNOWLEDGE', expectedVersion: 1 });
    const child = await ok(drafter, `/assignments/${assignmentId}/child-plan`, {}, 201);
    const patched = await t.http.patch(`/plans/${child.id}`).set(as[drafter]).send({
      expectedVersion: 1,
      assignments: units.map((u) => ({ assigneeUnitId: unit(u.unit), responsibilities: ['Tuyên truyền, báo cáo kết quả'], requiresOwnPlan: u.requiresOwnPlan ?? false, dueOn: '2016-02-10' })),
    });
    expect(patched.status).toBe(200);
    await ok(drafter, `/plans/${child.id}/events`, { type: 'SUBMIT', expectedVersion: 2 });
    await ok(secretary, `/plans/${child.id}/events`, { type: 'ISSUE', expectedVersion: 3, signature: { ...SIGNATURE, onBehalfOf: 'Ban Thường vụ' } });
    const plan = (await get(secretary, `/plans/${child.id}`)).body;
    const tracked: Tracked[] = (await get(secretary, `/plans/${child.id}/assignments`)).body;
    return { id: child.id as string, number: plan.numberAndSymbol as string, of: (key: string) => tracked.find((a) => a.assigneeUnitId === unit(key))!.id };
  }

  /** The unit reports on its (acknowledged) assignment; the decider accepts unless none is given. */
  async function report(assignmentId: string, writer: string, indicators: Values, decider?: string, acknowledge = true) {
    if (acknowledge) await ok(writer, `/assignments/${assignmentId}/events`, { type: 'ACKNOWLEDGE', expectedVersion: 1 });
    const created = await ok(writer, `/assignments/${assignmentId}/reports`, { results: 'Đã thực hiện.', indicators }, 201);
    await ok(writer, `/reports/${created.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    if (decider) await ok(decider, `/reports/${created.id}/events`, { type: 'ACCEPT', expectedVersion: 2 });
    return created.id as string;
  }

  it('shows every level with states, plan numbers, report states and figures; filters; pages; scopes; and follows amendment and withdrawal', async () => {
    // The cascade: the city assigns the district (own plan) and its propaganda department.
    const city = await issuePlan(t, as['hn.drafter'], as['hn.secretary'], {
      issuer: 'hn-city-committee',
      collector: 'hn-propaganda',
      assignments: [{ unit: 'lb-district-committee', requiresOwnPlan: true, dueOn: '2016-02-20' }, { unit: 'hn-propaganda', dueOn: '2016-02-20' }],
    });
    const [districtNode, propagandaNode] = city.assignments.map((a) => a.id);
    const district = await implement(districtNode, 'lb.drafter', 'lb.secretary', [
      { unit: 'lb-ward-bo-de', requiresOwnPlan: true }, { unit: 'lb-ward-cu-khoi' }, { unit: 'lb-ward-duc-giang' },
    ]);
    const boDe = await implement(district.of('lb-ward-bo-de'), 'bode.drafter', 'bode.secretary', [{ unit: 'bode-cell-1' }, { unit: 'bode-cell-2' }]);
    // Cell 1's report is accepted by its ward, cell 2's only submitted; Cự Khối's accepted by the district; the city's department reports to itself.
    await report(boDe.of('bode-cell-1'), 'cell1.officer', { attendees: 50 }, 'bode.secretary');
    const cell2Report = await report(boDe.of('bode-cell-2'), 'cell2.officer', { attendees: 30 });
    await report(district.of('lb-ward-cu-khoi'), 'cukhoi.officer', { attendees: 150, news_articles: 12 }, 'lb.monitor');
    await report(propagandaNode, 'hn.propaganda.officer', { news_articles: 20 }, 'hn.propaganda.monitor');
    // Đức Giang's due date passed without a report: the deadline job's flag (test/jobs covers how it is set).
    await t.app.get(DataSource).query('UPDATE plan_assignments SET overdue = true WHERE id = $1', [district.of('lb-ward-duc-giang')]);

    // 1. The whole tree, for the city's secretary: figures are what was accepted below each node (cell 2's submitted report counts nothing yet).
    const whole = await cascade('hn.secretary', city.planId);
    expect(whole.scope).toBe('whole');
    expect(whole.nodes.map(shape)).toEqual([
      ['lb-district-committee', 'implementing', false, `${district.number} issued`, null, { attendees: 200, news_articles: 12 }, [
        ['lb-ward-bo-de', 'implementing', false, `${boDe.number} issued`, null, { attendees: 50 }, [
          ['bode-cell-1', 'accepted', false, null, 'accepted', { attendees: 50 }, []],
          ['bode-cell-2', 'reported', false, null, 'submitted', {}, []],
        ]],
        ['lb-ward-cu-khoi', 'accepted', false, null, 'accepted', { attendees: 150, news_articles: 12 }, []],
        ['lb-ward-duc-giang', 'assigned', true, null, null, {}, []],
      ]],
      ['hn-propaganda', 'accepted', false, null, 'accepted', { news_articles: 20 }, []],
    ]);
    expect(whole.nodes[0].children[0].children.map((n) => n.depth)).toEqual([3, 3]);
    expect(whole.totals).toEqual({
      nodes: 7, byState: { implementing: 2, accepted: 3, reported: 1, assigned: 1 }, overdue: 1, indicators: { attendees: 200, news_articles: 32 },
      // Every due date is long past: the reports came late, the rest is overdue (cascade-deadlines.e2e-spec.ts covers the other statuses).
      byDeadline: { done_late: 4, overdue: 3 },
    });
    expect(whole.plan).toMatchObject({ id: city.planId, issuerUnitId: unit('hn-city-committee'), state: 'issued' });
    // The city's monitoring unit sees all of it; a mid-level plan's cascade starts at its own assignments.
    expect((await cascade('hn.propaganda.monitor', city.planId)).scope).toBe('whole');
    const mid = await cascade('lb.secretary', district.id);
    expect([mid.scope, mid.nodes.map((n) => keyOf.get(n.unit.id)), mid.nodes.map((n) => n.depth), mid.totals.nodes]).toEqual([
      'whole', ['lb-ward-bo-de', 'lb-ward-cu-khoi', 'lb-ward-duc-giang'], [1, 1, 1], 5,
    ]);

    // 2. Filters list the matching nodes and the path to them; figures and totals stay those of the whole tree.
    const overdue = await cascade('hn.secretary', city.planId, '?overdue=true');
    expect(overdue.nodes.map(shape)).toEqual([
      ['lb-district-committee', 'implementing', false, `${district.number} issued`, null, { attendees: 200, news_articles: 12 }, [['lb-ward-duc-giang', 'assigned', true, null, null, {}, []]]],
    ]);
    expect([overdue.nodes[0].matches, overdue.nodes[0].children[0].matches, overdue.listed, overdue.totals.nodes]).toEqual([false, true, 2, 7]);
    const shallow = await cascade('hn.secretary', city.planId, '?maxDepth=1');
    expect(shallow.nodes.map((n) => [keyOf.get(n.unit.id), n.indicators, n.children])).toEqual([
      ['lb-district-committee', { attendees: 200, news_articles: 12 }, []], ['hn-propaganda', { news_articles: 20 }, []],
    ]);
    const cells = await cascade('hn.secretary', city.planId, '?unitKind=party_cell&maxDepth=3');
    expect(cells.nodes.map((n) => [keyOf.get(n.unit.id), n.children.map((c) => [keyOf.get(c.unit.id), c.children.map((g) => keyOf.get(g.unit.id))])])).toEqual([
      ['lb-district-committee', [['lb-ward-bo-de', ['bode-cell-1', 'bode-cell-2']]]],
    ]);
    expect((await cascade('hn.secretary', city.planId, '?unitKind=party_cell&maxDepth=2')).listed).toBe(2);
    for (const bad of ['?unitKind=no_such_kind', '?unitKind=Bad-Kind', '?maxDepth=0', '?maxDepth=x', '?overdue=yes', '?limit=5']) {
      const res = await get('hn.secretary', `/plans/${city.planId}/cascade${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }

    // 2b. Level by level, as a screen opens the tree: each node says how many children the same filters list, whatever maxDepth
    //     cuts, and `under` lists below one node (maxDepth counting from it), with the totals of the whole view.
    expect(shallow.nodes.map((n) => n.childCount)).toEqual([3, 0]);
    expect(overdue.nodes[0].childCount).toBe(1);
    const wards = await cascade('hn.secretary', city.planId, `?under=${districtNode}&maxDepth=1`);
    expect(wards.nodes.map((n) => [keyOf.get(n.unit.id), n.depth, n.childCount, n.indicators, n.children])).toEqual([
      ['lb-ward-bo-de', 2, 2, { attendees: 50 }, []], ['lb-ward-cu-khoi', 2, 0, { attendees: 150, news_articles: 12 }, []], ['lb-ward-duc-giang', 2, 0, {}, []],
    ]);
    expect([wards.listed, wards.totals]).toEqual([3, whole.totals]);
    expect((await cascade('hn.secretary', city.planId, `?under=${districtNode}`)).nodes.map(shape)).toEqual(whole.nodes[0].children.map(shape));
    const overdueWards = await cascade('hn.secretary', city.planId, `?under=${districtNode}&overdue=true`);
    expect(overdueWards.nodes.map((n) => [keyOf.get(n.unit.id), n.matches, n.childCount])).toEqual([['lb-ward-duc-giang', true, 0]]);
    expect((await cascade('hn.secretary', city.planId, `?under=${propagandaNode}`)).nodes).toEqual([]);
    const cellPage = (await get('hn.secretary', `/plans/${city.planId}/cascade/nodes?under=${district.of('lb-ward-bo-de')}&limit=1`)).body;
    expect([cellPage.items.map((n: { unit: { id: string }; parentId: string }) => [keyOf.get(n.unit.id), n.parentId]), cellPage.nextCursor !== null]).toEqual([
      [['bode-cell-1', district.of('lb-ward-bo-de')]], true,
    ]);
    // A node outside what the caller sees is not there: Bồ Đề's for Cự Khối's officer, whose part of the district's plan is its own node; no node at all.
    for (const [who, planId, node] of [['cukhoi.officer', district.id, district.of('lb-ward-bo-de')], ['hn.secretary', city.planId, '00000000-0000-4000-8000-000000000000']] as const) {
      const res = await get(who, `/plans/${planId}/cascade?under=${node}`);
      expect([who, res.status, res.body.code]).toEqual([who, 404, 'NOT_FOUND']);
    }
    const badUnder = await get('hn.secretary', `/plans/${city.planId}/cascade/nodes?under=not-a-uuid`);
    expect([badUnder.status, badUnder.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    // 3. The flat form: depth-first, each node with its depth and parent, paged by cursor.
    const flat: { id: string; depth: number; parentId: string | null; unit: { id: string }; indicators: Values }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get('hn.secretary', `/plans/${city.planId}/cascade/nodes?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.totals).toEqual(whole.totals);
      flat.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(flat.map((n) => [keyOf.get(n.unit.id), n.depth, n.parentId && keyOf.get(flat.find((p) => p.id === n.parentId)!.unit.id)])).toEqual([
      ['lb-district-committee', 1, null], ['lb-ward-bo-de', 2, 'lb-district-committee'], ['bode-cell-1', 3, 'lb-ward-bo-de'], ['bode-cell-2', 3, 'lb-ward-bo-de'],
      ['lb-ward-cu-khoi', 2, 'lb-district-committee'], ['lb-ward-duc-giang', 2, 'lb-district-committee'], ['hn-propaganda', 1, null],
    ]);
    expect(flat[0].indicators).toEqual({ attendees: 200, news_articles: 12 });
    const flatOverdue = (await get('hn.secretary', `/plans/${city.planId}/cascade/nodes?overdue=true`)).body;
    expect(flatOverdue.items.map((n: { unit: { id: string } }) => keyOf.get(n.unit.id))).toEqual(['lb-district-committee', 'lb-ward-duc-giang']);
    expect(flatOverdue.nextCursor).toBeNull();
    for (const bad of ['?cursor=not-a-cursor', '?limit=0', '?limit=501']) {
      const res = await get('hn.secretary', `/plans/${city.planId}/cascade/nodes${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }

    // 4. Scope: an assignee sees the part under its own assignment, never another branch; a plan it does not see is 404.
    for (const who of ['lb.secretary', 'lb.monitor']) {
      const branch = await cascade(who, city.planId);
      expect([who, branch.scope, branch.nodes.map((n) => keyOf.get(n.unit.id)), branch.totals]).toEqual([
        who, 'branch', ['lb-district-committee'],
        { nodes: 6, byState: { implementing: 2, accepted: 2, reported: 1, assigned: 1 }, overdue: 1, indicators: { attendees: 200, news_articles: 12 }, byDeadline: { done_late: 3, overdue: 3 } },
      ]);
    }
    const ward = await cascade('lb.ward.officer', district.id);
    expect([ward.scope, ward.nodes.map(shape)]).toEqual(['branch', [whole.nodes[0].children.map(shape)[0]]]);
    const flatWard = (await get('lb.ward.officer', `/plans/${district.id}/cascade/nodes`)).body;
    expect(flatWard.items.map((n: { unit: { id: string }; parentId: string | null }) => [keyOf.get(n.unit.id), n.parentId === null])).toEqual([
      ['lb-ward-bo-de', true], ['bode-cell-1', false], ['bode-cell-2', false],
    ]);
    expect((await cascade('cukhoi.officer', district.id)).nodes.map((n) => keyOf.get(n.unit.id))).toEqual(['lb-ward-cu-khoi']);
    expect((await cascade('cell2.officer', boDe.id)).nodes.map((n) => keyOf.get(n.unit.id))).toEqual(['bode-cell-2']);
    for (const [who, planId] of [['lb.ward.officer', city.planId], ['cukhoi.officer', boDe.id], ['ln.secretary', city.planId], ['ln.secretary', district.id]] as const) {
      for (const path of [`/plans/${planId}/cascade`, `/plans/${planId}/cascade/nodes`]) {
        const res = await get(who, path);
        expect([who, path, res.status, res.body.code]).toEqual([who, path, 404, 'NOT_FOUND']);
      }
    }

    // 5. A report rolled up from below counts once: Bồ Đề's accepted roll-up replaces its cells' figures, it is not added to them.
    await ok('bode.secretary', `/reports/${cell2Report}/events`, { type: 'ACCEPT', expectedVersion: 2 });
    await ok('bode.secretary', `/plans/${boDe.id}/events`, { type: 'START', expectedVersion: 4 });
    await ok('bode.secretary', `/plans/${boDe.id}/events`, { type: 'OPEN_REPORTING', expectedVersion: 5 });
    await ok('bode.secretary', `/plans/${boDe.id}/events`, { type: 'REVIEW', expectedVersion: 6, summary: 'Các chi bộ hoàn thành.' });
    const rolled = await ok('bode.drafter', `/assignments/${district.of('lb-ward-bo-de')}/reports?rollUp=true`, { indicators: { speaker_conferences: 1 } }, 201);
    expect(rolled.indicators).toEqual({ speaker_conferences: 1, attendees: 80 });
    await ok('bode.drafter', `/reports/${rolled.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    await ok('lb.monitor', `/reports/${rolled.id}/events`, { type: 'ACCEPT', expectedVersion: 2 });
    const after = await cascade('hn.secretary', city.planId);
    const [afterDistrict] = after.nodes;
    expect(afterDistrict.children[0].indicators).toEqual({ attendees: 80, speaker_conferences: 1 });
    expect(afterDistrict.children[0].children.map((c) => c.indicators)).toEqual([{ attendees: 50 }, { attendees: 30 }]);
    expect(afterDistrict.indicators).toEqual({ attendees: 230, news_articles: 12, speaker_conferences: 1 });
    expect(after.totals.indicators).toEqual({ attendees: 230, news_articles: 32, speaker_conferences: 1 });

    // 6. The district amends its plan. Closed work stays with the superseded plan (Bồ Đề's and Cự Khối's accepted reports, Bồ Đề's
    //    branch with them); Bồ Đề is assigned anew, Đức Giang's open assignment carries over (the same node, its new due date
    //    clears overdue), Giang Biên is new.
    const amendDistrict = await ok('lb.drafter', `/plans/${district.id}/amendments`, {}, 201);
    const patched = await t.http.patch(`/plans/${amendDistrict.id}`).set(as['lb.drafter']).send({
      expectedVersion: 1,
      assignments: ['lb-ward-bo-de', 'lb-ward-duc-giang', 'lb-ward-giang-bien'].map((w) => ({
        assigneeUnitId: unit(w), responsibilities: ['Tuyên truyền, báo cáo kết quả'], requiresOwnPlan: false, dueOn: '2016-02-12',
      })),
    });
    expect(patched.status).toBe(200);
    await ok('lb.drafter', `/plans/${amendDistrict.id}/events`, { type: 'SUBMIT', expectedVersion: 2 });
    await ok('lb.secretary', `/plans/${amendDistrict.id}/events`, { type: 'ISSUE', expectedVersion: 3, signature: SIGNATURE });
    const amendedNumber = (await get('lb.secretary', `/plans/${amendDistrict.id}`)).body.numberAndSymbol;
    const amended = await cascade('hn.secretary', city.planId);
    expect(amended.nodes[0].childPlan).toEqual({ id: amendDistrict.id, state: 'issued', numberAndSymbol: amendedNumber });
    // Siblings come in the order they were first tracked: the carried-over node keeps its place, before those tracked anew.
    expect(amended.nodes[0].children.map((n) => [keyOf.get(n.unit.id), n.state, n.overdue, n.indicators, n.children.length])).toEqual([
      ['lb-ward-duc-giang', 'assigned', false, {}, 0], ['lb-ward-bo-de', 'assigned', false, {}, 0], ['lb-ward-giang-bien', 'assigned', false, {}, 0],
    ]);
    expect(amended.nodes[0].children[0].id).toBe(district.of('lb-ward-duc-giang'));
    expect(amended.nodes[0].indicators).toEqual({});
    expect(amended.totals).toMatchObject({ nodes: 5, overdue: 0, indicators: { news_articles: 20 } });
    const superseded = await cascade('lb.secretary', district.id);
    expect(superseded.nodes.map((n) => [keyOf.get(n.unit.id), n.state, n.indicators, n.children.map((c) => keyOf.get(c.unit.id))])).toEqual([
      ['lb-ward-bo-de', 'accepted', { attendees: 80, speaker_conferences: 1 }, ['bode-cell-1', 'bode-cell-2']],
      ['lb-ward-cu-khoi', 'accepted', { attendees: 150, news_articles: 12 }, []],
    ]);

    // 7. The city amends its plan without its department (whose work is closed): the district's open assignment carries over with
    //    its whole branch; the superseded city plan keeps the department.
    const amendCity = await ok('hn.drafter', `/plans/${city.planId}/amendments`, {}, 201);
    const cityPatched = await t.http.patch(`/plans/${amendCity.id}`).set(as['hn.drafter']).send({
      expectedVersion: 1,
      assignments: [{ assigneeUnitId: unit('lb-district-committee'), responsibilities: ['Xây dựng kế hoạch thực hiện'], requiresOwnPlan: true, dueOn: '2016-02-20' }],
    });
    expect(cityPatched.status).toBe(200);
    await ok('hn.drafter', `/plans/${amendCity.id}/events`, { type: 'SUBMIT', expectedVersion: 2 });
    await ok('hn.secretary', `/plans/${amendCity.id}/events`, { type: 'ISSUE', expectedVersion: 3, signature: SIGNATURE });
    const moved = await cascade('hn.secretary', amendCity.id);
    expect(moved.nodes.map((n) => [n.id, n.children.map((c) => c.id)])).toEqual([[districtNode, amended.nodes[0].children.map((c) => c.id)]]);
    expect(moved.totals.nodes).toBe(4);
    expect((await cascade('hn.secretary', city.planId)).nodes.map((n) => [keyOf.get(n.unit.id), n.state])).toEqual([['hn-propaganda', 'accepted']]);

    // 8. The district's amendment is withdrawn: nothing of it stays under the district's node; its own cascade shows its cancelled work.
    await ok('lb.secretary', `/plans/${amendDistrict.id}/events`, { type: 'WITHDRAW', expectedVersion: 4, reason: 'Dừng thực hiện' });
    const withdrawn = await cascade('hn.secretary', amendCity.id);
    expect([withdrawn.nodes[0].childPlan, withdrawn.nodes[0].children, withdrawn.totals.nodes]).toEqual([null, [], 1]);
    expect((await cascade('lb.secretary', amendDistrict.id)).nodes.map((n) => [keyOf.get(n.unit.id), n.state])).toEqual([
      ['lb-ward-duc-giang', 'cancelled'], ['lb-ward-bo-de', 'cancelled'], ['lb-ward-giang-bien', 'cancelled'],
    ]);
  });

  it('refuses the cascade to a unit that only receives the plan, and lists sub-assignments beside their assignment', async () => {
    const created = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, {
      recipients: [{ unitId: unit('lb-ward-gia-thuy'), purpose: 'coordinate' }, { name: 'Lưu Văn phòng', purpose: 'archive' }],
    }));
    expect(created.status).toBe(201);
    await ok('lb.drafter', `/plans/${created.body.id}/events`, { type: 'SUBMIT', expectedVersion: 1 });
    await ok('lb.secretary', `/plans/${created.body.id}/events`, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE });
    expect((await get('giathuy.officer', `/plans/${created.body.id}`)).status).toBe(200);
    for (const path of ['cascade', 'cascade/nodes']) {
      const res = await get('giathuy.officer', `/plans/${created.body.id}/${path}`);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    const tree = await cascade('lb.monitor', created.body.id);
    const people = tree.nodes.find((n) => n.unit.id === unit('lb-people-committee'))!;
    expect(tree.nodes.map((n) => [keyOf.get(n.unit.id), n.depth, n.parentAssignmentId])).toEqual([
      ['lb-propaganda', 1, null], ['lb-people-committee', 1, null], ['lb-culture-office', 1, people.id], ['lb-ward-bo-de', 1, null],
    ]);
    expect(tree.nodes[0].unit).toEqual({ id: unit('lb-propaganda'), name: expect.any(String), shortName: expect.any(String), kind: 'department' });
  });
});
