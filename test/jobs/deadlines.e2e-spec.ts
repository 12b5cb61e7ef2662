import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@app/demo';
import { AssignmentDeadlines, PlanDeadlines, QUEUES } from '@app/jobs';
import { FakeClock } from '../support/fake-clock.js';
import { JOBS_ENV, settle, sweep } from '../support/jobs.js';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

interface HistoryEntry {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actor: { userId: string | null; username: string | null; role: string | null; unitId: string | null };
  payload: Record<string, unknown>;
}

/** 09:00 in Hà Nội on that day. */
const at = (date: string) => `${date}T09:00:00+07:00`;

describe('deadlines: time moves plans and assignments (fake clock, real job queue)', () => {
  const clock = new FakeClock(at('2015-12-28'));
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;
  let planId: string;
  let byHandId: string;
  let ward: { id: string; version: number };
  let propaganda: { id: string; version: number };

  const issuePlan = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, overrides))).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    return id;
  };
  const plan = async (id: string) => (await t.http.get(`/plans/${id}`).set(as['lb.secretary'])).body;
  const history = async (id: string): Promise<HistoryEntry[]> => (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor'])).body;
  const assignmentChain = (id: string): Promise<{ event: string; from_state: string; to_state: string; actor_user_id: string | null; actor_role: string; actor_unit_id: string; payload: Record<string, unknown> }[]> =>
    db.query(`SELECT event, from_state, to_state, actor_user_id, actor_role, actor_unit_id, payload FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [id]);
  const assignment = async (id: string) => (await t.http.get(`/assignments/${id}`).set(as['lb.monitor'])).body;
  const notices = async (token: Record<string, string>, type?: string) => {
    const items: { type: string; subjectId: string; payload: Record<string, unknown> }[] = (await t.http.get('/me/notifications?limit=500').set(token)).body.items;
    return type ? items.filter((n) => n.type === type) : items;
  };
  const reminders = async (id: string): Promise<number[]> =>
    (await db.query(`SELECT offset_days AS o FROM assignment_reminders WHERE assignment_id = $1 ORDER BY sent_at, offset_days`, [id])).map((r: { o: number }) => r.o);

  beforeAll(async () => {
    t = await startTestApp({ demo: true, clock, env: JOBS_ENV });
    db = t.app.get(DataSource);
    const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'lb.propaganda.officer', password: DEMO_PASSWORD, displayName: 'Ban Tuyên giáo' });
    await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get('lb-propaganda'), role: 'unit_officer' }).expect(201);
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'lb.propaganda.officer']);
    planId = await issuePlan();
    // Its only assignment has no due date: it shows how the plan moves, and adds no reminders.
    byHandId = await issuePlan({ assignments: [{ assigneeUnitId: t.units.get('lb-people-committee'), responsibilities: ['Chỉ đạo'], requiresOwnPlan: true }] });
    const list: { id: string; assigneeUnitId: string; version: number }[] = (await t.http.get(`/plans/${planId}/assignments`).set(as['lb.secretary'])).body;
    ward = list.find((a) => a.assigneeUnitId === t.units.get('lb-ward-bo-de'))!;
    propaganda = list.find((a) => a.assigneeUnitId === t.units.get('lb-propaganda'))!;
  });
  afterAll(() => t.close());

  it('has pg-boss run the sweep on a schedule', async () => {
    const schedules = await db.query(`SELECT name, cron, timezone FROM pgboss.schedule`);
    expect(schedules).toEqual([{ name: QUEUES.sweep, cron: '0 * * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
  });

  it('leaves the plan issued the day before its first phase starts', async () => {
    await sweep(t);
    expect((await plan(planId)).state).toBe('issued');
  });

  it('leaves alone a plan started by hand', async () => {
    await t.http.post(`/plans/${byHandId}/events`).set(as['lb.monitor']).send({ type: 'START', expectedVersion: 3 }).expect(200);
    clock.set(at('2015-12-29'));
    await sweep(t);
    expect((await history(byHandId)).filter((e) => e.event === 'START').map((e) => e.actor.role)).toEqual(['monitor']);
  });

  it('starts the plan on its first phase\'s start date, recorded as the system', async () => {
    expect((await plan(planId)).state).toBe('implementing');
    const start = (await history(planId)).find((e) => e.event === 'START')!;
    expect(start).toMatchObject({ fromState: 'issued', toState: 'implementing', actor: { userId: null, username: null, role: 'system', unitId: t.units.get('lb-district-committee') } });
    await sweep(t);
    expect((await history(planId)).filter((e) => e.event === 'START')).toHaveLength(1);
  });

  it('opens reporting when the report window opens: 7 days before the report is due', async () => {
    clock.set(at('2016-01-27'));
    await sweep(t);
    expect((await plan(planId)).state).toBe('implementing');
    clock.set(at('2016-01-28'));
    await sweep(t);
    expect((await plan(planId)).state).toBe('reporting');
    expect((await plan(byHandId)).state).toBe('reporting');
    const open = (await history(planId)).filter((e) => e.event === 'OPEN_REPORTING');
    expect(open).toEqual([expect.objectContaining({ fromState: 'implementing', toState: 'reporting', actor: expect.objectContaining({ role: 'system', userId: null }) })]);
  });

  it('reminds units that owe a report three days before the due date, once, and never a waived one', async () => {
    await t.http.post(`/assignments/${propaganda.id}/events`).set(as['lb.secretary']).send({ type: 'WAIVE', expectedVersion: propaganda.version, reason: 'Chủ trì theo dõi' }).expect(200);
    clock.set(at('2016-02-01'));
    await sweep(t);
    await sweep(t);
    expect(await reminders(ward.id)).toEqual([-3]);
    expect(await reminders(propaganda.id)).toEqual([]);
    const sent = await notices(as['lb.ward.officer'], 'reminder');
    expect(sent.filter((n) => n.subjectId === ward.id).map((n) => n.payload)).toEqual([{ planId, dueOn: '2016-02-04', offsetDays: -3 }]);
    expect(await notices(as['lb.propaganda.officer'], 'reminder')).toEqual([]);
  });

  it('does not flag an assignment on its due date', async () => {
    clock.set(at('2016-02-04'));
    await sweep(t);
    expect((await assignment(ward.id)).overdue).toBe(false);
  });

  it('flags the late assignment overdue the day after, as an audited step of its chain, and tells its unit', async () => {
    clock.set(at('2016-02-05'));
    await sweep(t);
    const late = await assignment(ward.id);
    expect(late).toMatchObject({ overdue: true, state: 'assigned', version: ward.version + 1 });
    expect((await assignment(propaganda.id)).overdue).toBe(false);
    const chain = await assignmentChain(ward.id);
    expect(chain.map((e) => e.event)).toEqual(['ASSIGN', 'MARK_OVERDUE']);
    expect(chain[1]).toMatchObject({ from_state: 'assigned', to_state: 'assigned', actor_user_id: null, actor_role: 'system', actor_unit_id: t.units.get('lb-ward-bo-de') });
    expect(chain[1].payload).toEqual({ planId, dueOn: '2016-02-04', flaggedOn: '2016-02-05' });
    const verify = await t.http.get(`/audit/verify?unitId=${t.units.get('lb-district-committee')}`).set(as['lb.auditor']);
    expect(verify.body).toMatchObject({ ok: true, broken: [] });
    expect((await notices(as['lb.ward.officer'], 'overdue')).map((n) => n.subjectId)).toEqual([ward.id]);
    expect(await reminders(ward.id)).toEqual([-3, 1]);
    expect(await notices(as['lb.propaganda.officer'], 'overdue')).toEqual([]);
  });

  it('does nothing twice: the same day swept again, the handlers run again at once', async () => {
    await sweep(t);
    const [plans, assignments] = [t.app.get(PlanDeadlines), t.app.get(AssignmentDeadlines)];
    const again = await Promise.all([plans.run(planId), plans.run(planId), assignments.run(ward.id), assignments.run(ward.id)]);
    expect(again).toEqual([[], [], { markOverdue: false, remind: null }, { markOverdue: false, remind: null }]);
    await settle(t);
    expect((await assignmentChain(ward.id)).map((e) => e.event)).toEqual(['ASSIGN', 'MARK_OVERDUE']);
    expect(await reminders(ward.id)).toEqual([-3, 1]);
    expect((await notices(as['lb.ward.officer'], 'overdue')).length).toBe(1);
  });

  it('sends the last reminder three days after the due date, then none', async () => {
    clock.set(at('2016-02-07'));
    await sweep(t);
    clock.set(at('2016-02-20'));
    await sweep(t);
    expect(await reminders(ward.id)).toEqual([-3, 1, 3]);
    const sent = (await notices(as['lb.ward.officer'], 'reminder')).filter((n) => n.subjectId === ward.id);
    expect(sent.map((n) => n.payload.offsetDays).sort()).toEqual([-3, 1, 3]);
  });

  it('clears the flag when the deadline is extended, and reminds again for the new date', async () => {
    const current = await assignment(ward.id);
    await t.http.post(`/assignments/${ward.id}/events`).set(as['lb.monitor'])
      .send({ type: 'EXTEND', expectedVersion: current.version, dueOn: '2016-03-01', reason: 'Phường tổ chức Đại hội' }).expect(200);
    expect((await assignment(ward.id)).overdue).toBe(false);
    clock.set(at('2016-02-27'));
    await sweep(t);
    expect(await reminders(ward.id)).toEqual([-3, 1, 3, -3]);
    expect((await assignment(ward.id)).overdue).toBe(false);
    clock.set(at('2016-03-02'));
    await sweep(t);
    expect((await assignmentChain(ward.id)).map((e) => e.event)).toEqual(['ASSIGN', 'MARK_OVERDUE', 'EXTEND', 'MARK_OVERDUE']);
  });

  it('leaves no job failed or waiting', async () => {
    const states: { state: string; count: number }[] = await db.query(
      `SELECT state::text, count(*)::int AS count FROM pgboss.job WHERE name = ANY($1) GROUP BY state`,
      [Object.values(QUEUES)],
    );
    expect(states.map((s) => s.state)).toEqual(['completed']);
  });
});
