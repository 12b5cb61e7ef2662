import { demoTokens } from '../support/plan-fixtures.js';
import { FakeClock } from '../support/fake-clock.js';
import { Headers, issuePlan, member } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface Node {
  id: string;
  unit: { id: string; name: string };
  state: string;
  deadlineStatus: string | null;
  matches: boolean;
  children?: Node[];
}

/**
 * What the monitor's screen reads from the cascade beside states and figures: each node's
 * deadline status (the very status of GET /assignments/:id), the completion counts in the
 * totals, and the unit name filter (case and Vietnamese marks ignored), in both forms.
 */
describe('the cascade\'s deadline statuses and unit name filter', () => {
  // Monday 8 February 2016, 09:00 in Hà Nội.
  const clock = new FakeClock('2016-02-08T09:00:00+07:00');
  let t: TestApp;
  let as: Record<string, Headers>;
  let planId: string;
  const byUnit = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true, clock });
    as = {
      ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer'])),
      'cukhoi.officer': await member(t, 'cukhoi.officer', 'lb-ward-cu-khoi', 'unit_officer'),
    };
    const plan = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], {
      issuer: 'lb-district-committee',
      assignments: [
        { unit: 'lb-propaganda', dueOn: '2016-02-04' },
        { unit: 'lb-ward-bo-de', dueOn: '2016-02-10' },
        { unit: 'lb-ward-cu-khoi', dueOn: '2016-02-05' },
        { unit: 'lb-ward-duc-giang', dueOn: '2016-03-30' },
        { unit: 'lb-ward-gia-thuy', dueOn: '2016-02-10' },
      ],
    });
    planId = plan.planId;
    for (const a of plan.assignments) byUnit.set(a.assigneeUnitId, a.id);
    // Bồ Đề reports before its due date, Cự Khối after it; both today.
    for (const [key, writer] of [['lb-ward-bo-de', 'lb.ward.officer'], ['lb-ward-cu-khoi', 'cukhoi.officer']] as const) {
      const id = byUnit.get(t.units.get(key)!)!;
      await t.http.post(`/assignments/${id}/events`).set(as[writer]).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
      const report = await t.http.post(`/assignments/${id}/reports`).set(as[writer]).send({ results: 'Đã thực hiện.', indicators: { attendees: 10 } }).expect(201);
      await t.http.post(`/reports/${report.body.id}/events`).set(as[writer]).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    }
  });
  afterAll(() => t.close());

  const keyOf = (unitId: string) => [...t.units].find(([, id]) => id === unitId)![0];
  const get = (path: string) => t.http.get(path).set(as['lb.monitor']);

  it('gives every node the deadline status its assignment has, and counts them in the totals', async () => {
    const tree = await get(`/plans/${planId}/cascade`).expect(200);
    const statuses = Object.fromEntries((tree.body.nodes as Node[]).map((n) => [keyOf(n.unit.id), n.deadlineStatus]));
    expect(statuses).toEqual({
      'lb-propaganda': 'overdue',
      'lb-ward-bo-de': 'done_on_time',
      'lb-ward-cu-khoi': 'done_late',
      'lb-ward-duc-giang': 'not_yet_due',
      'lb-ward-gia-thuy': 'due_soon',
    });
    for (const node of tree.body.nodes as Node[]) {
      const own = await get(`/assignments/${node.id}`).expect(200);
      expect([keyOf(node.unit.id), own.body.deadlineStatus]).toEqual([keyOf(node.unit.id), node.deadlineStatus]);
    }
    expect(tree.body.totals.byDeadline).toEqual({ overdue: 1, done_on_time: 1, done_late: 1, not_yet_due: 1, due_soon: 1 });

    // The flat form carries the same, and a day later Gia Thụy is still due soon while Bồ Đề's status holds.
    clock.advanceDays(1);
    const flat = await get(`/plans/${planId}/cascade/nodes?limit=2`).expect(200);
    expect(flat.body.items.map((n: Node) => n.deadlineStatus)).toEqual(['overdue', 'done_on_time']);
    expect(flat.body.totals.byDeadline).toEqual(tree.body.totals.byDeadline);
    // Past Gia Thụy's and Bồ Đề's due date: the open one is overdue, the reported one still on time.
    clock.set('2016-02-11T09:00:00+07:00');
    const later = await get(`/plans/${planId}/cascade`).expect(200);
    expect(later.body.totals.byDeadline).toEqual({ overdue: 2, done_on_time: 1, done_late: 1, not_yet_due: 1 });
    clock.set('2016-02-08T09:00:00+07:00');
  });

  it('filters by unit name, ignoring case and Vietnamese marks, in both forms', async () => {
    const tree = await get(`/plans/${planId}/cascade?unitName=${encodeURIComponent('bo de')}`).expect(200);
    expect(tree.body.listed).toBe(1);
    expect((tree.body.nodes as Node[]).map((n) => [keyOf(n.unit.id), n.matches])).toEqual([['lb-ward-bo-de', true]]);
    // The totals stay those of the whole view.
    expect(tree.body.totals.nodes).toBe(5);
    const wards = await get(`/plans/${planId}/cascade/nodes?unitName=PHUONG&limit=10`).expect(200);
    expect(wards.body.items.map((n: Node) => keyOf(n.unit.id))).toEqual(['lb-ward-bo-de', 'lb-ward-cu-khoi', 'lb-ward-duc-giang', 'lb-ward-gia-thuy']);
    // LIKE's wildcards are plain characters in a name.
    expect((await get(`/plans/${planId}/cascade?unitName=${encodeURIComponent('%_')}`).expect(200)).body.listed).toBe(0);
    // Combined with another filter: both must hold.
    const overdueWards = await get(`/plans/${planId}/cascade?unitName=phuong&overdue=false&unitKind=grassroots_committee`).expect(200);
    expect(overdueWards.body.listed).toBe(4);
  });

  it('refuses a unit name too short or too long with VALIDATION_FAILED', async () => {
    for (const name of ['b', ' b ', 'x'.repeat(101)]) {
      const res = await get(`/plans/${planId}/cascade?unitName=${encodeURIComponent(name)}`);
      expect([name, res.status, res.body.code, res.body.details?.[0]?.field]).toEqual([name, 400, 'VALIDATION_FAILED', 'unitName']);
    }
  });
});
