import { DataSource } from 'typeorm';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('the audit trail resists and reveals tampering', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;
  const plans: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.auditor']);
    db = t.app.get(DataSource);
    for (let i = 0; i < 3; i++) {
      const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
      await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
      plans.push(id);
    }
  });
  afterAll(() => t.close());

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries', async () => {
    await expect(db.query(`UPDATE audit_entries SET comment = 'x' WHERE subject_id = $1`, [plans[0]])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_entries WHERE subject_id = $1`, [plans[0]])).rejects.toThrow(/append-only/);
    // Refused by the trigger, or first by the transparency log's leaves, which reference the entries.
    await expect(db.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only|referenced in a foreign key/);
    expect((await t.http.get(`/audit/verify?planId=${plans[0]}`).set(as['lb.auditor'])).body.ok).toBe(true);
  });

  it('names exactly the plan and the entry a superuser edited with the trigger disabled', async () => {
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
      await tx.query(`UPDATE audit_entries SET comment = 'đã sửa' WHERE subject_id = $1 AND seq = 2`, [plans[1]]);
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    });
    const unit = await t.http.get(`/audit/verify?unitId=${t.units.get('lb-district-committee')}`).set(as['lb.auditor']);
    // Three plans of 3 entries each, and their 4 tracked assignments each with its ASSIGN entry.
    expect(unit.body).toEqual({
      ok: false,
      checked: 21,
      subjects: 15,
      broken: [{ planId: plans[1], subjectType: 'plan', subjectId: plans[1], seq: 2, reason: 'HASH_MISMATCH' }],
    });
    expect((await t.http.get(`/audit/verify?planId=${plans[0]}`).set(as['lb.auditor'])).body.ok).toBe(true);
  });

  it('notices an entry removed from the end of a chain', async () => {
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
      await tx.query(`DELETE FROM audit_entries WHERE subject_id = $1 AND seq = 3`, [plans[2]]);
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    });
    const res = await t.http.get(`/audit/verify?planId=${plans[2]}`).set(as['lb.auditor']);
    expect(res.body).toMatchObject({ ok: false, broken: [{ planId: plans[2], seq: 3, reason: 'HEAD_MISMATCH' }] });
  });

  it("checks a plan's tracked assignments with it, and names the assignment whose entry was edited", async () => {
    const [assignment] = (await t.http.get(`/plans/${plans[0]}/assignments`).set(as['lb.auditor']).expect(200)).body;
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
      await tx.query(`UPDATE audit_entries SET actor_role = 'admin' WHERE subject_id = $1 AND seq = 1`, [assignment.id]);
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    });
    const res = await t.http.get(`/audit/verify?planId=${plans[0]}`).set(as['lb.auditor']);
    expect(res.body).toEqual({
      ok: false,
      checked: 7,
      subjects: 5,
      broken: [{ planId: plans[0], subjectType: 'assignment', subjectId: assignment.id, seq: 1, reason: 'HASH_MISMATCH' }],
    });
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 on intact chains and non-zero naming the broken entry', async () => {
    const { auditVerify } = await import('../../scripts/audit-verify.js');
    const t = await startTestApp({ demo: true });
    try {
      const as = await demoTokens(t, ['lb.drafter']);
      const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
      await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      const db = t.app.get(DataSource);
      const output = () => {
        const chunks: string[] = [];
        return { chunks, stream: { write: (c: string) => chunks.push(c) } as unknown as NodeJS.WritableStream };
      };
      const ok = output();
      expect(await auditVerify(db, ok.stream, output().stream)).toBe(0);
      expect(ok.chunks.join('')).toContain('1 chains, 2 entries checked: all intact');

      await db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
        await tx.query(`UPDATE audit_entries SET payload = '{}' WHERE subject_id = $1 AND seq = 1`, [id]);
        await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
      });
      const broken = output();
      expect(await auditVerify(db, broken.stream, output().stream)).toBe(2);
      expect(broken.chunks.join('')).toContain(`BROKEN plan ${id} at seq 1: HASH_MISMATCH`);
    } finally {
      await t.close();
    }
  });
});
