import { jest } from '@jest/globals';
import { PdfRenderPool } from '@app/render';
import { completePlan, demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Issue 20, finding 4: a drafter built a 1.6 MB draft in two PATCHes (4.4 s a render), every GET
 * of document.pdf rendered it again, and four parallel GETs queued without bound in front of
 * every ISSUE.
 */
describe('rendering cannot be flooded', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  const draft = async () => (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body as { id: string; version: number };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter']);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it("bounds a plan's size: two PATCHes cannot build a megabyte draft", async () => {
    const plan = await draft();
    const half = Array.from({ length: 40 }, (_, i) => ({ title: `Hình thức ${i}`, items: Array.from({ length: 20 }, () => 'Tuyên truyền '.repeat(80)) }));
    const first = await t.http.patch(`/plans/${plan.id}`).set(as['lb.drafter']).send({ expectedVersion: plan.version, forms: half });
    expect([first.status, first.body.code, first.body.details?.reason]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'PLAN_TOO_LARGE']);
    const created = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { purposes: Array.from({ length: 150 }, () => 'Mục đích '.repeat(220)) }));
    expect([created.status, created.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it("renders a draft's document once per version", async () => {
    const pool = t.app.get(PdfRenderPool);
    const renders = jest.spyOn(pool, 'render');
    const plan = await draft();
    const a = await t.http.get(`/plans/${plan.id}/document.pdf`).set(as['lb.drafter']).expect(200);
    const b = await t.http.get(`/plans/${plan.id}/document.pdf`).set(as['lb.drafter']).expect(200);
    expect(renders).toHaveBeenCalledTimes(1);
    expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
    await t.http.patch(`/plans/${plan.id}`).set(as['lb.drafter']).send({ expectedVersion: plan.version, title: 'Kế hoạch đã sửa' }).expect(200);
    await t.http.get(`/plans/${plan.id}/document.pdf`).set(as['lb.drafter']).expect(200);
    expect(renders).toHaveBeenCalledTimes(2);
  });

  it("answers 429 with Retry-After past one person's share of the render queue", async () => {
    const pool = t.app.get(PdfRenderPool) as unknown as { execute: (...args: unknown[]) => Promise<Buffer> };
    const execute = pool.execute.bind(pool);
    // Each render takes a while, as a big draft's does on a busy machine.
    jest.spyOn(pool, 'execute').mockImplementation(async (...args: unknown[]) => {
      await new Promise((r) => setTimeout(r, 400));
      return execute(...args);
    });
    const plans = await Promise.all([draft(), draft(), draft(), draft()]);
    const results = await Promise.all(plans.map((p) => t.http.get(`/plans/${p.id}/document.pdf`).set(as['lb.drafter'])));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
