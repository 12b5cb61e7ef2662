import { DEMO_PASSWORD } from '@app/demo';
import { ReorganisationsService } from '@app/reorganisation';
import { AuditService } from '@app/transitions';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface Tracked {
  id: string;
  assigneeUnitId: string;
  state: string;
  dueOn: string | null;
}

describe('reorganisations (POST /reorganisations, GET /units/:id?asOf)', () => {
  let t: TestApp;
  let root: Record<string, string>;
  let as: Record<string, Record<string, string>>;
  let auditor: Record<string, string>;
  const unit = (key: string) => t.units.get(key)!;

  /** An account holding `role` at a demo unit. */
  const account = async (username: string, role: string, unitId: string): Promise<Record<string, string>> => {
    const user = await t.http.post('/users').set(root).send({ username, password: DEMO_PASSWORD, displayName: username });
    expect(user.status).toBe(201);
    await t.http.post(`/users/${user.body.id}/memberships`).set(root).send({ unitId, role }).expect(201);
    return bearer(await t.login(username, DEMO_PASSWORD));
  };
  const issuePlan = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    return id;
  };
  const assignments = async (planId: string): Promise<Tracked[]> => (await t.http.get(`/plans/${planId}/assignments`).set(root)).body;
  const reorganise = (body: unknown, who = root, dryRun = false) => t.http.post(`/reorganisations${dryRun ? '?dryRun=true' : ''}`).set(who).send(body as object);
  const newWard = (name: string, parentKey = 'lb-district-committee') => ({ name, shortName: 'ĐU', kind: 'grassroots_committee', parentId: unit(parentKey), symbolStyle: 'party' });
  const history = async (kind: 'plans' | 'assignments', id: string) => (await t.http.get(`/${kind}/${id}/history`).set(auditor).expect(200)).body as { items?: unknown[] } | unknown[];
  const entries = (body: { items?: unknown[] } | unknown[]) => (Array.isArray(body) ? body : (body.items ?? [])) as { event: string; payload?: Record<string, unknown>; fromState: string; toState: string }[];

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    root = bearer(t.rootToken);
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.ward.officer']);
    auditor = await account('hn.auditor', 'auditor', unit('hn-city-committee'));
  });
  afterAll(() => t.close());

  it('renames from a day on: reads as of a day before show the old name, after it the new one', async () => {
    const id = unit('lb-ward-cu-khoi');
    const res = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'rename', unitId: id, name: 'Đảng ủy phường Cự Khối mới', shortName: 'ĐUP' }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'applied', touched: { units: 1, memberships: 0, assignments: 0, plans: 0, reports: 0, notifications: 0 } });
    expect((await t.http.get(`/units/${id}?asOf=2025-06-30`).set(root)).body).toMatchObject({ name: 'Đảng ủy phường Cự Khối', shortName: 'ĐU' });
    expect((await t.http.get(`/units/${id}?asOf=2025-07-01`).set(root)).body).toMatchObject({ name: 'Đảng ủy phường Cự Khối mới', shortName: 'ĐUP' });
    expect((await t.http.get(`/units/${id}`).set(root)).body).toMatchObject({ name: 'Đảng ủy phường Cự Khối mới', validFrom: null, validTo: null });
    const bad = await t.http.get(`/units/${id}?asOf=2025-02-30`).set(root);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('previews a merge without changing anything, then applies it: open work moves with one HANDOVER each, deadlines kept', async () => {
    const planId = await issuePlan();
    const before = (await assignments(planId)).find((a) => a.assigneeUnitId === unit('lb-ward-bo-de'))!;
    const body = { effectiveOn: '2025-07-01', changes: [{ kind: 'merge', from: [unit('lb-ward-bo-de'), unit('lb-ward-ngoc-lam')], into: newWard('Đảng ủy phường Bồ Đề (mới)') }] };

    const preview = await reorganise(body, root, true);
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ id: null, state: 'preview' });
    expect(preview.body.touched).toMatchObject({ units: 3, assignments: 1, memberships: 1 });
    expect(preview.body.handovers).toContainEqual(expect.objectContaining({ subjectType: 'assignment', id: before.id, fromUnitId: unit('lb-ward-bo-de') }));
    expect((await t.http.get(`/units/${unit('lb-ward-bo-de')}`).set(root)).body).toMatchObject({ active: true, validTo: null });
    expect((await assignments(planId)).find((a) => a.id === before.id)!.assigneeUnitId).toBe(unit('lb-ward-bo-de'));

    const res = await reorganise(body);
    expect(res.status).toBe(201);
    // One work_handed_over sent, and the plan's own message to Bồ Đề, not delivered yet, readdressed to the successor.
    expect(res.body).toMatchObject({ state: 'applied', touched: { units: 3, assignments: 1, memberships: 1, notifications: 2 } });
    expect(res.body.movedNotifications).toEqual([expect.objectContaining({ delivered: false, fromUnitId: unit('lb-ward-bo-de'), toUnitId: res.body.units.created[0] })]);
    const successor = res.body.units.created[0] as string;
    const after = (await assignments(planId)).find((a) => a.id === before.id)!;
    expect(after).toMatchObject({ assigneeUnitId: successor, state: before.state, dueOn: before.dueOn });
    const handover = entries(await history('assignments', before.id)).filter((e) => e.event === 'HANDOVER');
    expect(handover).toHaveLength(1);
    expect(handover[0]).toMatchObject({ fromState: 'assigned', toState: 'assigned' });
    expect((await t.http.get(`/units/${unit('lb-ward-bo-de')}`).set(root)).body).toMatchObject({ active: false, validTo: '2025-06-30' });
    expect((await t.http.get(`/units/${successor}?asOf=2025-06-30`).set(root)).status).toBe(404);
    expect((await t.http.get(`/units/${successor}?asOf=2025-07-01`).set(root)).body.name).toBe('Đảng ủy phường Bồ Đề (mới)');
    const verify = await t.app.get(AuditService).verify([before.id, planId]);
    expect(verify.ok).toBe(true);
    // The successor is told.
    const [{ count }] = await t.app.get(ReorganisationsService)['db'].query(`SELECT count(*)::int AS count FROM outbox WHERE type = 'work_handed_over' AND unit_id = $1`, [successor]);
    expect(count).toBe(1);
  });

  it('lets an officer of a dissolved unit read its past work and no longer act for it', async () => {
    const drafter = await account('cuKhoi.drafter', 'drafter', unit('lb-ward-duc-giang'));
    const officer = await account('cuKhoi.officer', 'unit_officer', unit('lb-ward-duc-giang'));
    const done = (await t.http.post('/plans').set(drafter).send({ ...completePlan(t), issuerUnitId: unit('lb-ward-duc-giang'), assignments: [], reportDuty: null, recipients: [] }));
    expect(done.status).toBe(201);
    await t.http.post(`/plans/${done.body.id}/events`).set(drafter).send({ type: 'DISCARD', expectedVersion: 1 });
    const res = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'dissolve', unitId: unit('lb-ward-duc-giang'), successorId: unit('lb-ward-gia-thuy') }] });
    expect(res.status).toBe(201);
    expect(res.body.touched.memberships).toBe(2);
    // Reading: the unit and the plan it made.
    expect((await t.http.get(`/units/${unit('lb-ward-duc-giang')}`).set(officer)).status).toBe(200);
    const again = bearer(await t.login('cuKhoi.drafter', DEMO_PASSWORD));
    expect((await t.http.get(`/plans/${done.body.id}`).set(again)).status).toBe(200);
    // /auth/me tells the two memberships apart: the old unit's is former, the successor's current.
    const me = (await t.http.get('/auth/me').set(again)).body;
    expect(me.memberships).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'drafter', unitId: unit('lb-ward-duc-giang'), state: 'former' }),
      expect.objectContaining({ role: 'drafter', unitId: unit('lb-ward-gia-thuy'), state: 'current' }),
    ]));
    // Acting for the dissolved unit: refused; acting for the successor: allowed.
    const refused = await t.http.post('/plans').set(again).send({ ...completePlan(t), issuerUnitId: unit('lb-ward-duc-giang'), assignments: [], reportDuty: null, recipients: [] });
    expect(refused.status).toBe(403);
    const allowed = await t.http.post('/plans').set(again).send({ ...completePlan(t), issuerUnitId: unit('lb-ward-gia-thuy'), assignments: [], reportDuty: null, recipients: [] });
    expect(allowed.status).toBe(201);
  });

  it('refuses a reorganisation that breaks a rule as a whole, and changes nothing', async () => {
    const orphans = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'dissolve', unitId: unit('ln-district-committee'), successorId: unit('bg-provincial-committee') }] });
    expect(orphans.status).toBe(422);
    expect(orphans.body.code).toBe('REORGANISATION_INVALID');
    expect(orphans.body.details.map((p: { code: string }) => p.code)).toContain('ORPHANED_CHILDREN');
    expect((await t.http.get(`/units/${unit('ln-district-committee')}`).set(root)).body).toMatchObject({ active: true, validTo: null });

    const cycle = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'move', unitId: unit('bg-provincial-committee'), parentId: unit('ln-district-committee') }] });
    expect(cycle.status).toBe(422);
    expect(cycle.body.details.map((p: { code: string }) => p.code)).toEqual(['CYCLE']);

    const twice = await reorganise({ effectiveOn: '2025-07-01', changes: [
      { kind: 'rename', unitId: unit('lb-ward-giang-bien'), name: 'A' },
      { kind: 'dissolve', unitId: unit('lb-ward-giang-bien'), successorId: unit('lb-ward-gia-thuy') },
    ] });
    expect(twice.status).toBe(422);
    expect((await t.http.get(`/units/${unit('lb-ward-giang-bien')}`).set(root)).body).toMatchObject({ name: 'Đảng ủy phường Giang Biên', active: true });

    const shape = await reorganise({ effectiveOn: '2025-02-30', changes: [{ kind: 'explode', unitId: 'x' }] });
    expect(shape.status).toBe(400);
    expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual(['effectiveOn', 'changes[0].kind']);
  });

  it('lets one of two racing reorganisations over the same unit win; the other gets 409', async () => {
    const target = unit('lb-ward-long-bien');
    const [a, b] = await Promise.all([
      reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'dissolve', unitId: target, successorId: unit('lb-ward-phuc-dong') }] }),
      reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'dissolve', unitId: target, successorId: unit('lb-ward-phuc-loi') }] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.details.reason).toBe('UNIT_NOT_CURRENT');
  });

  it('splits a unit with each open item mapped, and refuses a split that leaves an item unmapped', async () => {
    const planId = await issuePlan();
    const source = unit('lb-people-committee');
    const items = (await assignments(planId)).filter((a) => a.assigneeUnitId === source);
    expect(items.length).toBeGreaterThan(0);
    const into = [newWard('Ủy ban nhân dân phường A'), newWard('Ủy ban nhân dân phường B')];
    // lb-people-committee has children: move them first, in the same reorganisation.
    const children = (await t.http.get(`/units/${source}/children`).set(root)).body.items.map((u: { id: string }) => ({ kind: 'move', unitId: u.id, parentId: unit('lb-district-committee') }));
    const unmapped = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'split', unitId: source, into, map: {} }, ...children] }, root, true);
    expect(unmapped.status).toBe(422);
    const problem = unmapped.body.details.find((p: { code: string }) => p.code === 'UNMAPPED_ITEMS');
    // GET /units/:id/open-items lists exactly those items, each readable.
    const open = await t.http.get(`/units/${source}/open-items`).set(root);
    expect(open.status).toBe(200);
    const openItems = open.body.items as { type: string; id: string; title: string; detail: string | null; state: string; dueOn: string | null }[];
    expect(openItems.map((i) => i.id).sort()).toEqual([...(problem.unitIds as string[])].sort());
    const title = (await t.http.get(`/plans/${planId}`).set(root)).body.title as string;
    for (const a of items) expect(openItems).toContainEqual(expect.objectContaining({ type: 'assignment', id: a.id, title, state: a.state, dueOn: a.dueOn, unitId: source }));
    expect(openItems.every((i) => i.title.trim() !== '')).toBe(true);
    const map = Object.fromEntries((problem.unitIds as string[]).map((id, i) => [id, i % 2]));
    const res = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'split', unitId: source, into, map }, ...children] });
    expect(res.status).toBe(201);
    const [first, second] = res.body.units.created;
    for (const h of res.body.handovers as { id: string; toUnitId: string }[]) expect(h.toUnitId).toBe(map[h.id] === 0 ? first : second);
    expect(res.body.handovers).toContainEqual(expect.objectContaining({ id: items[0].id, title }));
    expect(res.body.unitNames).toMatchObject({ [first]: 'Ủy ban nhân dân phường A', [second]: 'Ủy ban nhân dân phường B', [source]: expect.any(String) });
    expect((await t.http.get(`/units/${source}/open-items`).set(root)).body.items).toEqual([]);
  });

  it('schedules a reorganisation for a later day, cancels it, and applies another on its day as the system', async () => {
    const body = { effectiveOn: '2099-01-01', changes: [{ kind: 'rename', unitId: unit('lb-ward-thach-ban'), name: 'Đảng ủy phường Thạch Bàn 2099' }] };
    const scheduled = await reorganise(body);
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.state).toBe('scheduled');
    const job = await t.app.get(ReorganisationsService)['db'].query(`SELECT state, start_after > now() AS later FROM pgboss.job WHERE name = 'reorganisation-apply'`);
    expect(job).toEqual([{ state: 'created', later: true }]);
    expect((await t.http.get(`/units/${unit('lb-ward-thach-ban')}`).set(root)).body.name).toBe('Đảng ủy phường Thạch Bàn');
    const cancelled = await t.http.post(`/reorganisations/${scheduled.body.id}/cancel`).set(root);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await t.http.post(`/reorganisations/${scheduled.body.id}/cancel`).set(root)).status).toBe(409);
    expect(await t.app.get(ReorganisationsService).applyScheduled(scheduled.body.id)).toBe('cancelled');

    const next = await reorganise(body);
    expect(await t.app.get(ReorganisationsService).applyScheduled(next.body.id)).toBe('applied');
    expect((await t.http.get(`/reorganisations/${next.body.id}`).set(root)).body.state).toBe('applied');
    expect((await t.http.get(`/units/${unit('lb-ward-thach-ban')}?asOf=2099-01-01`).set(root)).body.name).toBe('Đảng ủy phường Thạch Bàn 2099');
    expect((await t.http.get(`/units/${unit('lb-ward-thach-ban')}?asOf=2098-12-31`).set(root)).body.name).toBe('Đảng ủy phường Thạch Bàn');
  });

  it('names a unit created earlier in the same request by its key: as successor and as new parent', async () => {
    const cell = (await t.http.post('/units').set(root).send({ name: 'Chi bộ khu dân cư số 9', shortName: 'CB', kind: 'party_cell', parentId: unit('lb-district-committee'), symbolStyle: 'party' }).expect(201)).body.id as string;
    const body = {
      effectiveOn: '2025-07-01',
      changes: [
        { kind: 'merge', from: [unit('lb-ward-sai-dong'), unit('lb-ward-ngoc-thuy')], into: { ...newWard('Đảng ủy phường Phúc Lợi mới'), key: 'phuc-loi-moi' } },
        { kind: 'dissolve', unitId: unit('lb-ward-thuong-thanh'), successorId: { key: 'phuc-loi-moi' } },
        { kind: 'move', unitId: cell, parentId: { key: 'phuc-loi-moi' } },
      ],
    };
    const preview = await reorganise(body, root, true);
    expect(preview.status).toBe(201);
    const res = await reorganise(body);
    expect(res.status).toBe(201);
    const [ward] = res.body.units.created as string[];
    expect(res.body.units).toMatchObject({ dissolved: [unit('lb-ward-sai-dong'), unit('lb-ward-ngoc-thuy'), unit('lb-ward-thuong-thanh')], moved: [cell] });
    expect((res.body.handovers as { fromUnitId: string; toUnitId: string }[]).filter((h) => h.fromUnitId === unit('lb-ward-thuong-thanh')).every((h) => h.toUnitId === ward)).toBe(true);
    expect((await t.http.get(`/units/${cell}`).set(root)).body.parentId).toBe(ward);
    expect((await t.http.get(`/units/${cell}?asOf=2025-06-30`).set(root)).body.parentId).toBe(unit('lb-district-committee'));
    expect((await t.http.get(`/units/${ward}/ancestors`).set(root)).body.items.map((u: { id: string }) => u.id)).toContain(unit('lb-district-committee'));
    // A key used before it is defined is a shape error naming the field.
    const early = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'move', unitId: cell, parentId: { key: 'later' } }, { kind: 'merge', from: [unit('lb-ward-gia-thuy')], into: { ...newWard('X'), key: 'later' } }] }, root, true);
    expect(early.status).toBe(400);
    expect(early.body.details.map((d: { field: string }) => d.field)).toEqual(['changes[0].parentId']);
  });

  it('keeps a provincial admin inside its subtree', async () => {
    const admin = await account('bg.admin', 'admin', unit('bg-provincial-committee'));
    const outside = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'rename', unitId: unit('lb-ward-viet-hung'), name: 'X' }] }, admin);
    expect(outside.status).toBe(404);
    const intoOutside = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'move', unitId: unit('ln-commune-bien-dong'), parentId: unit('hn-city-committee') }] }, admin);
    expect(intoOutside.status).toBe(404);
    const officer = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'rename', unitId: unit('lb-ward-viet-hung'), name: 'X' }] }, as['lb.ward.officer']);
    expect(officer.status).toBe(403);
    const inside = await reorganise({ effectiveOn: '2025-07-01', changes: [{ kind: 'rename', unitId: unit('ln-commune-bien-dong'), name: 'Đảng ủy xã Biên Động' }] }, admin);
    expect(inside.status).toBe(201);
    // Its open items are read under the same rule.
    expect((await t.http.get(`/units/${unit('lb-ward-viet-hung')}/open-items`).set(admin)).status).toBe(404);
    expect((await t.http.get(`/units/${unit('lb-ward-viet-hung')}/open-items`).set(as['lb.ward.officer'])).status).toBe(403);
    expect((await t.http.get(`/units/${unit('ln-commune-bien-dong')}/open-items`).set(admin)).status).toBe(200);
  });
});
