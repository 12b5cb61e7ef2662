import { DataSource } from 'typeorm';
import { completePlan, demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * POST /plans writes a plan in one statement and answers from what it wrote (issue 16): the
 * answer must be what a read of the new plan answers, key for key, and the rows must be the
 * parts as given, in order.
 */
describe('creating a plan', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.auditor']);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const unit = (key: string) => t.units.get(key)!;

  /** Creates, then reads the plan back: the two answers, as JSON text (key order included). */
  async function createAndRead(body: Record<string, unknown>): Promise<{ created: string; read: string; id: string }> {
    const created = await t.http.post('/plans').set(as['lb.drafter']).send(body);
    expect(created.status).toBe(201);
    const read = await t.http.get(`/plans/${created.body.id}`).set(as['lb.drafter']).expect(200);
    return { created: created.text, read: read.text, id: created.body.id };
  }

  it('answers what a read of the new plan answers, key for key, for a complete plan', async () => {
    const { created, read } = await createAndRead(completePlan(t));
    expect(created).toBe(read);
  });

  it('answers as a read does for every kind of part: a plan as basis, nested sub-assignments, unit and named recipients, a budget, odd keys', async () => {
    const cited = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { title: 'Kế hoạch được viện dẫn' })).expect(201)).body;
    const body = completePlan(t, {
      title: '  Kế hoạch có đủ mọi phần  ',
      place: '',
      basis: [
        { planId: cited.id },
        { external: { title: 'Nghị quyết', type: 'NQ', numberAndSymbol: ' 05-NQ/TW ' } },
        { external: { type: 'CT', numberAndSymbol: '07-CT/TU', issuer: 'Thành ủy', issuedOn: '2016-01-02' } },
      ],
      phases: [
        { windowText: 'năm 2016', items: [], title: 'Cả năm', endsOn: null },
        { title: 'Đợt 1', startsOn: '2016-03-01', endsOn: '2016-02-01' },
      ],
      forms: [{ items: ['Pa nô', 'Áp phích'], title: 'Trực quan' }],
      budget: { currency: 'VND', text: 'Ngân sách quận', amount: 1500000.5 },
      footnotes: ['Ghi chú 1', 'Ghi chú 2'],
      assignments: [
        {
          assigneeUnitId: unit('lb-people-committee'),
          responsibilities: ['Chỉ đạo'],
          subAssignments: [
            { assigneeUnitId: unit('lb-culture-office'), responsibilities: ['Trang trí'], dueOn: '2016-03-01', requiresOwnPlan: true },
            { assigneeUnitId: unit('lb-propaganda'), responsibilities: [] },
          ],
        },
        { assigneeUnitId: unit('lb-ward-bo-de'), responsibilities: ['Kế hoạch cụ thể', 'Báo cáo'], requiresOwnPlan: true, subAssignments: [] },
        { assigneeUnitId: unit('lb-propaganda'), responsibilities: ['Hướng dẫn'], subAssignments: [{ assigneeUnitId: unit('lb-ward-bo-de'), responsibilities: ['Thực hiện'] }] },
      ],
      reportDuty: { dueOn: '2016-04-01', collectorUnitId: unit('lb-district-committee') },
      recipients: [
        { unitId: unit('lb-ward-bo-de'), purpose: 'implement' },
        { purpose: 'report', name: '  Ban Tuyên giáo Thành ủy ' },
        { unitId: unit('lb-people-committee'), purpose: 'coordinate' },
      ],
    });
    const { created, read, id } = await createAndRead(body);
    expect(created).toBe(read);
    const plan = JSON.parse(created);
    expect(plan).toMatchObject({ title: 'Kế hoạch có đủ mọi phần', place: '', budget: { amount: 1500000.5 } });
    expect(plan.basis[0]).toEqual({ planId: cited.id, numberAndSymbol: null, title: 'Kế hoạch được viện dẫn', state: 'draft.editing' });

    // The rows: each part in the order given, every sub-assignment under its own parent.
    const rows: { id: string; position: number; parent: string | null; assignee: string }[] = await db.query(
      `SELECT id, position, parent_assignment_id AS parent, assignee_unit_id AS assignee FROM plan_assignments WHERE plan_id = $1 ORDER BY position`,
      [id],
    );
    expect(rows.map((r) => [r.position, r.assignee])).toEqual([
      [0, unit('lb-people-committee')], [1, unit('lb-culture-office')], [2, unit('lb-propaganda')],
      [3, unit('lb-ward-bo-de')], [4, unit('lb-propaganda')], [5, unit('lb-ward-bo-de')],
    ]);
    expect(rows.map((r) => r.parent)).toEqual([null, rows[0].id, rows[0].id, null, null, rows[4].id]);
    expect(plan.assignments.map((a: { id: string; subAssignments: { id: string }[] }) => [a.id, a.subAssignments.map((s) => s.id)])).toEqual([
      [rows[0].id, [rows[1].id, rows[2].id]], [rows[3].id, []], [rows[4].id, [rows[5].id]],
    ]);
    const basis = await db.query(`SELECT position, linked_plan_id AS "planId", external FROM plan_basis WHERE plan_id = $1 ORDER BY position`, [id]);
    expect(basis).toEqual([
      { position: 0, planId: cited.id, external: null },
      { position: 1, planId: null, external: { title: 'Nghị quyết', type: 'NQ', numberAndSymbol: '05-NQ/TW' } },
      { position: 2, planId: null, external: { type: 'CT', numberAndSymbol: '07-CT/TU', issuer: 'Thành ủy', issuedOn: '2016-01-02' } },
    ]);
    const recipients = await db.query(`SELECT position, unit_id AS "unitId", name, purpose FROM plan_recipients WHERE plan_id = $1 ORDER BY position`, [id]);
    expect(recipients).toEqual([
      { position: 0, unitId: unit('lb-ward-bo-de'), name: null, purpose: 'implement' },
      { position: 1, unitId: null, name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' },
      { position: 2, unitId: unit('lb-people-committee'), name: null, purpose: 'coordinate' },
    ]);
    const [row] = await db.query(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", report_periodic AS periodic FROM plans WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ startsOn: '2016-03-01', endsOn: '2016-02-01', periodic: false });
  });

  it('writes a plan with empty lists, and one with no parts at all, as a read shows them', async () => {
    const empty = await createAndRead(completePlan(t, { basis: [], purposes: [], phases: [], forms: [], assignments: [], footnotes: [], recipients: [], reportDuty: null, budget: null }));
    expect(empty.created).toBe(empty.read);
    const bare = await createAndRead({ issuerUnitId: unit('lb-district-committee'), type: 'KH', title: 'Chỉ có tiêu đề' });
    expect(bare.created).toBe(bare.read);
    expect(JSON.parse(bare.created)).toMatchObject({ place: null, basis: [], purposes: [], phases: [], assignments: [], recipients: [], reportDuty: null, budget: null });
    for (const id of [empty.id, bare.id]) {
      const [parts] = await db.query(
        `SELECT (SELECT count(*) FROM plan_basis WHERE plan_id = $1)::int + (SELECT count(*) FROM plan_assignments WHERE plan_id = $1)::int
                + (SELECT count(*) FROM plan_recipients WHERE plan_id = $1)::int AS n`,
        [id],
      );
      expect(parts.n).toBe(0);
    }
  });

  it('records the creation as the first link of the chain, with the content as sent', async () => {
    const body = completePlan(t, { title: ' Có khoảng trắng ' });
    const created = (await t.http.post('/plans').set(as['lb.drafter']).send(body).expect(201)).body;
    const history = (await t.http.get(`/plans/${created.id}/history`).set(as['lb.auditor']).expect(200)).body;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ seq: 1, event: 'CREATE', fromState: null, toState: 'draft.editing', prevHash: null });
    expect(history[0].payload.content).toMatchObject({ ...body, title: 'Có khoảng trắng' });
    expect((await t.http.get(`/audit/verify?planId=${created.id}`).set(as['lb.auditor'])).body.ok).toBe(true);
  });

  it('refuses in the same order as before: unknown issuer, type, then every bad reference, and writes nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM plans'))[0].n;
    const ghost = '00000000-0000-4000-8000-000000000000';
    const noIssuer = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { issuerUnitId: ghost, type: 'XX' }));
    expect(noIssuer.status).toBe(404);
    const noType = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { type: 'XX', recipients: [{ unitId: ghost, purpose: 'report' }] }));
    expect(noType.status).toBe(400);
    expect(noType.body.details).toEqual([{ field: 'type', messages: ["no document type 'XX'"] }]);
    const refs = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, {
      basis: [{ planId: ghost }],
      reportDuty: { collectorUnitId: unit('lb-ward-bo-de'), dueOn: '2016-02-04' },
      recipients: [{ unitId: ghost, purpose: 'report' }],
    }));
    expect(refs.status).toBe(400);
    expect(refs.body.details).toEqual([
      { field: 'recipients.0.unitId', messages: ['no such unit'] },
      { field: 'basis.0.planId', messages: ['no such plan'] },
      { field: 'reportDuty.collectorUnitId', messages: ['the collector must be the issuing unit or one of its own departments'] },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM plans'))[0].n).toBe(before);
  });
});
