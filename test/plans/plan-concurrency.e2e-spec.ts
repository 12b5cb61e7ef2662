import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@app/demo';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

describe('concurrent commands', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.auditor']);
  });
  afterAll(() => t.close());

  const draftAndSubmit = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    return id;
  };

  it('lets exactly one of 50 concurrent ISSUE commands at one version through', async () => {
    const id = await draftAndSubmit();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'STALE_VERSION')).toBe(true);
    const history = (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor'])).body;
    expect(history.map((e: { event: string }) => e.event)).toEqual(['CREATE', 'SUBMIT', 'ISSUE']);
  });

  it('lets exactly one of 50 concurrent START commands at one version through', async () => {
    const id = await draftAndSubmit();
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'START', expectedVersion: 3 })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'STALE_VERSION')).toHaveLength(49);
  });

  it('numbers 20 plans issued at once by 20 secretaries 1..20, with no gap or duplicate, and the chains verify', async () => {
    const secretaries = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const username = `lb.secretary${i}`;
        const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: DEMO_PASSWORD, displayName: `Thư ký ${i}` });
        await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get('lb-district-committee'), role: 'secretary' }).expect(201);
        return bearer(await t.login(username, DEMO_PASSWORD));
      }),
    );
    // Numbers already taken by the earlier tests of this file start the sequence.
    const db = t.app.get(DataSource);
    const [{ taken }] = await db.query(`SELECT count(*)::int AS taken FROM plans WHERE number IS NOT NULL AND issuer_unit_id = $1`, [t.units.get('lb-district-committee')]);
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await draftAndSubmit());
    const results = await Promise.all(
      ids.map((id, i) => t.http.post(`/plans/${id}/events`).set(secretaries[i]).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const numbers: { number: number; numberAndSymbol: string }[] = await db.query(
      `SELECT number, number_and_symbol AS "numberAndSymbol" FROM plans WHERE id = ANY($1::uuid[]) ORDER BY number`,
      [ids],
    );
    expect(numbers.map((n) => n.number)).toEqual(Array.from({ length: 20 }, (_, i) => taken + i + 1));
    expect(numbers.map((n) => n.numberAndSymbol)).toEqual(numbers.map((n) => `${n.number}-KH/QU`));

    const verify = await t.http.get(`/audit/verify?unitId=${t.units.get('lb-district-committee')}`).set(as['lb.auditor']);
    expect(verify.body).toMatchObject({ ok: true, broken: [] });
    // 22 issued plans, each with its 4 tracked assignments (one ASSIGN entry each).
    expect(verify.body.subjects).toBe(22 * 5);
    expect(verify.body.checked).toBe(3 + 4 + 20 * 3 + 22 * 4);
  });
});
