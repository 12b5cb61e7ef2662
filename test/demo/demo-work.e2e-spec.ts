import { DEMO_WORK, DemoPlansSeeder, DemoWorkSeeder } from '@app/demo';
import { demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface Item { id: string; plan: { id: string; title: string }; state: string; deadlineStatus: string; assigneeUnitName: string }
interface Summary { id: string; title: string; state: string }

describe('demo data on the pre-2025 tree (DEMO_REORGANISATION=false): every account has work at its first sign-in', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  const get = async (who: string, path: string) => (await t.http.get(path).set(as[who]).expect(200)).body;
  const plansOf = async (who: string): Promise<Summary[]> => (await get(who, '/plans?limit=100')).items;
  const planTitled = async (who: string, title: string, state?: string) => (await plansOf(who)).find((p) => p.title === title && (!state || p.state === state))!;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    await t.app.get(DemoPlansSeeder).seed(t.units);
    await t.app.get(DemoWorkSeeder).seed(t.units, { reorganised: false });
    as = await demoTokens(t, ['lb.secretary', 'lb.monitor', 'lb.ward.officer', 'lb.auditor']);
  }, 120_000);
  afterAll(() => t.close());

  it('gives the ward officer an assignment due soon and a report returned with a comment', async () => {
    const mine: Item[] = (await get('lb.ward.officer', '/me/assignments?limit=100')).items;
    expect(mine.find((a) => a.plan.title === DEMO_WORK.dueSoon)).toMatchObject({ state: 'assigned', deadlineStatus: 'due_soon' });
    const returned = mine.find((a) => a.plan.title === DEMO_WORK.returned)!;
    expect(returned.state).toBe('returned');
    const report = await get('lb.ward.officer', `/assignments/${returned.id}/report`);
    expect(report).toMatchObject({ state: 'returned', lastReturn: { comment: expect.stringContaining('bổ sung') } });
  });

  it('shows the monitor a cascade with an overdue ward that has been reminded by hand', async () => {
    const plan = await planTitled('lb.monitor', DEMO_WORK.dueSoon);
    const cascade = await get('lb.monitor', `/plans/${plan.id}/cascade`);
    expect(cascade.totals.overdue).toBe(1);
    const late = ((await get('lb.monitor', `/plans/${plan.id}/assignments`)) as Item[]).find((a) => a.deadlineStatus === 'overdue')!;
    expect(late.assigneeUnitName).toMatch(/Cự Khối/);
    const reminders = (await get('lb.monitor', `/assignments/${late.id}/reminders`)).items as { kind: string; senderName: string | null }[];
    expect(reminders).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'manual', senderName: 'Đỗ Thị Minh Ngọc' })]));
  });

  it('leaves the secretary a draft awaiting approval', async () => {
    expect(await planTitled('lb.secretary', DEMO_WORK.awaiting)).toMatchObject({ state: 'draft.submitted' });
  });

  it('gives the auditor histories with a return, an overdue flag, a reminder and an amendment, every chain intact', async () => {
    const original = await planTitled('lb.auditor', DEMO_WORK.amended, 'superseded');
    const events = ((await get('lb.auditor', `/plans/${original.id}/history`)) as { event: string }[]).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['CREATE', 'SUBMIT', 'RETURN', 'ISSUE']));
    expect(events.indexOf('RETURN')).toBeLessThan(events.indexOf('ISSUE'));
    const plan = await get('lb.auditor', `/plans/${original.id}`);
    expect(plan.amendedBy).toMatchObject({ state: 'issued' });
    const dueSoon = await planTitled('lb.auditor', DEMO_WORK.dueSoon);
    const late = ((await get('lb.auditor', `/plans/${dueSoon.id}/assignments`)) as Item[]).find((a) => a.deadlineStatus === 'overdue')!;
    const lateEvents = ((await get('lb.auditor', `/assignments/${late.id}/history`)) as { event: string }[]).map((e) => e.event);
    expect(lateEvents).toContain('MARK_OVERDUE');
    for (const p of await plansOf('lb.auditor')) expect((await get('lb.auditor', `/audit/verify?planId=${p.id}`)).ok).toBe(true);
  });
});
