import { NotificationDelivery } from '@app/notifications';
import { ReorganisationsService } from '@app/reorganisation';
import { FakeClock } from '../support/fake-clock.js';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan } from '../support/report-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Unit {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  hasChildren: boolean;
}
interface AtTime {
  unitId: string;
  unitName: string | null;
}

/**
 * After a reorganisation effective 1 July 2025 (a district renamed, a ward renamed, two wards
 * merged into a new one), every unit list answers the tree as it was on a day, and the lists of
 * plans, assignments, cascade nodes and reports name the units as they were at issue or
 * submission beside their current names. Unread notifications of the merged wards go with them.
 */
describe('the tree and the lists as of a day, around a reorganisation', () => {
  const clock = new FakeClock('2025-06-10T09:00:00+07:00');
  let t: TestApp;
  let root: Headers;
  let as: Record<string, Headers>;
  let planId: string;
  let successor: string;
  let reportId: string;
  let preview: { touched: Record<string, number>; movedNotifications: { id: string; delivered: boolean; fromUnitId: string; toUnitId: string }[]; handovers: unknown[] };
  let applied: { touched: Record<string, number>; movedNotifications: unknown[] };
  const unit = (key: string) => t.units.get(key)!;
  const OLD_DISTRICT = 'Quận ủy Long Biên';
  const NEW_DISTRICT = 'Đảng ủy Long Biên (thử đổi tên)';
  const NEW_WARD = 'Đảng ủy phường Bồ Đề (hợp nhất)';

  const names = (items: Unit[]) => items.map((u) => u.name);
  const all = async (path: string, who: Headers, limit: number): Promise<Unit[]> => {
    const items: Unit[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res: { status: number; body: { items: Unit[]; nextCursor: string | null } } = await t.http.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).set(who);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true, clock });
    root = bearer(t.rootToken);
    as = { ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer'])) };
    // Issued on 10 June 2025 to three wards; Bồ Đề submits its report the same day.
    const plan = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], {
      issuer: 'lb-district-committee',
      assignments: [{ unit: 'lb-ward-bo-de', dueOn: '2025-08-01' }, { unit: 'lb-ward-ngoc-lam', dueOn: '2025-08-01' }, { unit: 'lb-ward-cu-khoi', dueOn: '2025-08-01' }],
    });
    planId = plan.planId;
    const boDe = plan.assignments.find((a) => a.assigneeUnitId === unit('lb-ward-bo-de'))!;
    await t.http.post(`/assignments/${boDe.id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const report = await t.http.post(`/assignments/${boDe.id}/reports`).set(as['lb.ward.officer']).send({ results: 'Đã thực hiện.', indicators: { attendees: 10 } }).expect(201);
    reportId = report.body.id;
    await t.http.post(`/reports/${reportId}/events`).set(as['lb.ward.officer']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.app.get(NotificationDelivery).deliverAll();

    clock.set('2025-07-05T09:00:00+07:00');
    await t.http.post('/reorganisations').set(root).send({
      effectiveOn: '2025-07-01',
      changes: [
        { kind: 'rename', unitId: unit('lb-district-committee'), name: NEW_DISTRICT, shortName: 'ĐULB' },
        { kind: 'rename', unitId: unit('lb-ward-cu-khoi'), name: 'Đảng ủy phường Cự Khối (đổi tên)' },
      ],
    }).expect(201);
    const merge = {
      effectiveOn: '2025-07-01',
      changes: [{
        kind: 'merge', from: [unit('lb-ward-bo-de'), unit('lb-ward-ngoc-lam')],
        into: { name: NEW_WARD, shortName: 'ĐU', kind: 'grassroots_committee', parentId: unit('lb-district-committee'), symbolStyle: 'party' },
      }],
    };
    preview = (await t.http.post('/reorganisations?dryRun=true').set(root).send(merge).expect(201)).body;
    const res = await t.http.post('/reorganisations').set(root).send(merge).expect(201);
    applied = res.body;
    successor = res.body.units.created[0];
  });
  afterAll(() => t.close());

  describe('unit lists ?asOf=', () => {
    it('lists the children as they were: old names and the merged wards before, the new ward and the new names after', async () => {
      const district = unit('lb-district-committee');
      const before = await all(`/units/${district}/children?asOf=2025-06-30`, root, 500);
      expect(names(before)).toEqual(expect.arrayContaining(['Đảng ủy phường Bồ Đề', 'Đảng ủy phường Ngọc Lâm', 'Đảng ủy phường Cự Khối']));
      expect(names(before)).not.toContain(NEW_WARD);
      const after = await all(`/units/${district}/children?asOf=2025-07-01`, root, 500);
      expect(names(after)).toEqual(expect.arrayContaining([NEW_WARD, 'Đảng ủy phường Cự Khối (đổi tên)']));
      expect(names(after)).not.toContain('Đảng ủy phường Bồ Đề');
      expect(names(after)).not.toContain('Đảng ủy phường Cự Khối');
      const districtDepth = (await t.http.get(`/units/${district}`).set(root)).body.depth;
      expect(after.every((u) => u.depth === districtDepth + 1 && u.parentId === district)).toBe(true);
      // Paged two at a time: the same units in the same order.
      expect(names(await all(`/units/${district}/children?asOf=2025-06-30`, root, 2))).toEqual(names(before));
    });

    it('lists a branch depth-first as it was, paged, with the names of the day', async () => {
      const city = unit('hn-city-committee');
      const before = await all(`/units/${city}/subtree?asOf=2025-06-30`, root, 5000);
      expect(names(before)).toContain(OLD_DISTRICT);
      expect(names(before)).toContain('Đảng ủy phường Bồ Đề');
      expect(names(before)).not.toContain(NEW_WARD);
      const after = await all(`/units/${city}/subtree?asOf=2025-07-01`, root, 5000);
      expect(names(after)).toContain(NEW_DISTRICT);
      expect(names(after)).toContain(NEW_WARD);
      expect(names(after)).not.toContain('Đảng ủy phường Ngọc Lâm');
      // Depth-first: every unit after its parent, depths as of the day.
      const seen = new Map<string, Unit>();
      for (const u of after) {
        if (u.id !== city) expect(seen.get(u.parentId!)?.depth).toBe(u.depth - 1);
        seen.set(u.id, u);
      }
      expect(names(await all(`/units/${city}/subtree?asOf=2025-06-30`, root, 7))).toEqual(names(before));
    });

    it('lists the top-level units of a day, and the former officer\'s own units of that day', async () => {
      const top = await all('/units?asOf=2025-06-30', root, 1);
      expect(names(top)).toEqual(names((await t.http.get('/units?limit=500').set(root)).body.items));
      // lb.ward.officer's membership at Bồ Đề is former now; the same role was granted at the new ward.
      const officer = as['lb.ward.officer'];
      expect((await all('/units?asOf=2025-06-30', officer, 50)).map((u) => u.id)).toEqual([unit('lb-ward-bo-de')]);
      expect((await all('/units?asOf=2025-07-01', officer, 50)).map((u) => u.id)).toEqual([successor]);
      expect(new Set((await all('/units', officer, 50)).map((u) => u.id))).toEqual(new Set([unit('lb-ward-bo-de'), successor]));
    });

    it('searches the names of the day', async () => {
      const search = async (q: string, asOf?: string, under?: string) =>
        names(await all(`/units/search?q=${encodeURIComponent(q)}${asOf ? `&asOf=${asOf}` : ''}${under ? `&under=${under}` : ''}`, root, 3));
      expect(await search('bo de', '2025-06-30')).toEqual(['Đảng ủy phường Bồ Đề']);
      expect(await search('bo de', '2025-07-01')).toEqual([NEW_WARD]);
      expect(new Set(await search('bo de'))).toEqual(new Set(['Đảng ủy phường Bồ Đề', NEW_WARD]));
      expect(await search('thu doi ten', '2025-06-30')).toEqual([]);
      expect(await search('long bien', '2025-07-01', unit('lb-district-committee'))).toContain(NEW_DISTRICT);
      const district = await search('quan uy long bien', '2025-06-30', unit('hn-city-committee'));
      expect(district[0]).toBe(OLD_DISTRICT);
      expect(await search('thu doi ten', '2025-07-01', unit('hn-city-committee'))).toEqual([NEW_DISTRICT]);
    });

    it('answers 404 NOT_VALID_ON_DAY for a unit that did not exist yet, 400 naming asOf for a day that is not one', async () => {
      for (const path of [`/units/${successor}/children?asOf=2025-06-30`, `/units/${successor}/subtree?asOf=2025-06-30`, `/units/search?q=phuong&under=${successor}&asOf=2025-06-30`]) {
        const res = await t.http.get(path).set(root);
        expect([path, res.status, res.body.details]).toEqual([path, 404, { reason: 'NOT_VALID_ON_DAY' }]);
      }
      expect((await t.http.get(`/units/${successor}/children?asOf=2025-07-01`).set(root)).status).toBe(200);
      const city = unit('hn-city-committee');
      for (const path of ['/units?asOf=2025-02-30', `/units/${city}/children?asOf=2025-13-01`, `/units/${city}/subtree?asOf=yesterday`, '/units/search?q=bo+de&asOf=2025-7-1']) {
        const res = await t.http.get(path).set(root);
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['asOf']);
      }
    });

    it('refuses a cursor of another day, or of the list without a day, naming cursor', async () => {
      const city = unit('hn-city-committee');
      for (const path of [`/units/${city}/subtree`, `/units/${unit('lb-district-committee')}/children`, '/units', '/units/search?q=phuong']) {
        const sep = path.includes('?') ? '&' : '?';
        const first = await t.http.get(`${path}${sep}asOf=2025-06-30&limit=1`).set(root).expect(200);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        const other = await t.http.get(`${path}${sep}asOf=2025-07-01&limit=1&cursor=${first.body.nextCursor}`).set(root);
        expect([path, other.status, other.body.details?.[0]?.field]).toEqual([path, 400, 'cursor']);
        const none = await t.http.get(`${path}${sep}limit=1&cursor=${first.body.nextCursor}`).set(root);
        expect([path, none.status, none.body.details?.[0]?.field]).toEqual([path, 400, 'cursor']);
        const plain = await t.http.get(`${path}${sep}limit=1`).set(root).expect(200);
        const mixed = await t.http.get(`${path}${sep}asOf=2025-06-30&limit=1&cursor=${plain.body.nextCursor}`).set(root);
        expect([path, mixed.status, mixed.body.details?.[0]?.field]).toEqual([path, 400, 'cursor']);
      }
    });
  });

  describe('names at the time in lists', () => {
    it('lists the plan under its issuer now, with the issuer\'s name on the day of issue', async () => {
      const list = await t.http.get('/plans?limit=500').set(as['lb.monitor']).expect(200);
      const item = list.body.items.find((p: { id: string }) => p.id === planId);
      expect(item).toMatchObject({ issuerUnitId: unit('lb-district-committee'), issuerUnitName: NEW_DISTRICT, issuedBy: { unitId: unit('lb-district-committee'), unitName: OLD_DISTRICT } });
    });

    it('lists assignments and cascade nodes with the assignee as the plan assigned it', async () => {
      const rows: { assigneeUnitId: string; assigneeUnitName: string; assigneeAtIssue: AtTime; plan: { issuedBy: AtTime } }[] =
        (await t.http.get(`/plans/${planId}/assignments`).set(as['lb.monitor']).expect(200)).body;
      const byAtIssue = new Map(rows.map((r) => [r.assigneeAtIssue.unitId, r]));
      expect(byAtIssue.get(unit('lb-ward-bo-de'))).toMatchObject({ assigneeUnitId: successor, assigneeUnitName: NEW_WARD, assigneeAtIssue: { unitName: 'Đảng ủy phường Bồ Đề' } });
      expect(byAtIssue.get(unit('lb-ward-ngoc-lam'))).toMatchObject({ assigneeUnitId: successor, assigneeAtIssue: { unitName: 'Đảng ủy phường Ngọc Lâm' } });
      expect(byAtIssue.get(unit('lb-ward-cu-khoi'))).toMatchObject({
        assigneeUnitId: unit('lb-ward-cu-khoi'), assigneeUnitName: 'Đảng ủy phường Cự Khối (đổi tên)', assigneeAtIssue: { unitName: 'Đảng ủy phường Cự Khối' },
      });
      expect(rows[0].plan.issuedBy).toEqual({ unitId: unit('lb-district-committee'), unitName: OLD_DISTRICT });

      const cascade = (await t.http.get(`/plans/${planId}/cascade`).set(as['lb.monitor']).expect(200)).body;
      expect(cascade.plan).toMatchObject({ issuerUnitName: NEW_DISTRICT, issuedBy: { unitName: OLD_DISTRICT } });
      const nodes: { unit: { id: string; name: string }; assigneeAtIssue: AtTime }[] = cascade.nodes;
      expect(nodes.map((n) => [n.unit.name, n.assigneeAtIssue.unitName]).sort()).toEqual([
        [NEW_WARD, 'Đảng ủy phường Bồ Đề'], [NEW_WARD, 'Đảng ủy phường Ngọc Lâm'], ['Đảng ủy phường Cự Khối (đổi tên)', 'Đảng ủy phường Cự Khối'],
      ].sort());
      const flat = (await t.http.get(`/plans/${planId}/cascade/nodes`).set(as['lb.monitor']).expect(200)).body.items as typeof nodes;
      expect(flat.map((n) => n.assigneeAtIssue.unitName).sort()).toEqual(nodes.map((n) => n.assigneeAtIssue.unitName).sort());
    });

    it('shows a handed-over report with the unit that submitted it, as named that day', async () => {
      const report = (await t.http.get(`/reports/${reportId}`).set(as['lb.monitor']).expect(200)).body;
      expect(report).toMatchObject({ unitId: successor, unitName: NEW_WARD, unitAtSubmission: { unitId: unit('lb-ward-bo-de'), unitName: 'Đảng ủy phường Bồ Đề' } });
      expect(report.plan.issuedBy).toEqual({ unitId: unit('lb-district-committee'), unitName: OLD_DISTRICT });
    });
  });

  describe('pending notifications of a dissolved unit', () => {
    it('are listed by the preview, counted, and readdressed to the successor where their people still read them', async () => {
      const fromWards = preview.movedNotifications.filter((n) => n.fromUnitId === unit('lb-ward-bo-de'));
      expect(fromWards.length).toBeGreaterThan(0);
      expect(preview.movedNotifications.every((n) => n.delivered && [unit('lb-ward-bo-de'), unit('lb-ward-ngoc-lam')].includes(n.fromUnitId))).toBe(true);
      const sent = preview.handovers.filter((h) => (h as { subjectType: string }).subjectType !== 'membership').length;
      expect(preview.touched.notifications).toBe(sent + preview.movedNotifications.length);
      expect(applied.touched.notifications).toBe(preview.touched.notifications);
      expect(applied.movedNotifications).toHaveLength(preview.movedNotifications.length);

      const db = t.app.get(ReorganisationsService)['db'];
      const [{ left }] = await db.query(`SELECT count(*)::int AS left FROM notifications WHERE unit_id = ANY($1::uuid[]) AND read_at IS NULL`, [[unit('lb-ward-bo-de'), unit('lb-ward-ngoc-lam')]]);
      expect(left).toBe(0);
      const moved = new Set(fromWards.map((n) => n.id));
      const mine = (await t.http.get('/me/notifications?limit=100').set(as['lb.ward.officer']).expect(200)).body.items as { id: string; unitId: string }[];
      const found = mine.filter((n) => moved.has(n.id));
      expect(found.length).toBe(moved.size);
      expect(found.every((n) => n.unitId === successor)).toBe(true);
    });
  });
});
