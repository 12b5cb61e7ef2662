import pg from 'pg';
import { DataSource } from 'typeorm';
import { AssignmentDeadlines, JobsService, PlanDeadlines, QUEUES } from '@app/jobs';
import { FakeClock } from '../support/fake-clock.js';
import { JOBS_ENV, settle } from '../support/jobs.js';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';

const at = (date: string) => `${date}T09:00:00+07:00`;

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * One database, several processes over time: an instance that only enqueues, then two
 * instances that both run jobs, all on one fake clock.
 */
describe('jobs survive restarts and run once across instances', () => {
  const clock = new FakeClock(at('2015-12-28'));
  let database: TestDatabase;
  let units: Map<string, string>;
  const running: TestApp[] = [];

  const issuePlans = async (t: TestApp, count: number): Promise<string[]> => {
    const as = await demoTokens(t, ['lb.drafter', 'lb.secretary']);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan({ ...t, units }))).body.id as string;
      await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
      ids.push(id);
    }
    return ids;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const t of running) await t.close();
    await database.drop();
  });

  it('runs after a restart a job queued before the shutdown', async () => {
    const enqueuer = await startTestApp({ database, demo: true, clock, env: { JOBS_ENABLED: 'false' } });
    units = enqueuer.units;
    const [planId] = await issuePlans(enqueuer, 1);
    clock.set(at('2015-12-29'));
    const jobId = await enqueuer.app.get(JobsService).requestSweep();
    expect(jobId).toEqual(expect.any(String));
    await enqueuer.close();

    const stateOf = async () => (await query<{ state: string }>(database.url, `SELECT state FROM plans WHERE id = $1`, [planId]))[0].state;
    const jobState = async () => (await query<{ state: string }>(database.url, `SELECT state::text FROM pgboss.job WHERE id = $1`, [jobId]))[0].state;
    expect([await stateOf(), await jobState()]).toEqual(['issued', 'created']);

    const worker = await startTestApp({ database, clock, env: JOBS_ENV });
    running.push(worker);
    await settle(worker);
    expect([await stateOf(), await jobState()]).toEqual(['implementing', 'completed']);
  });

  it('fires every effect once with two instances on one database', async () => {
    const [first] = running;
    const second = await startTestApp({ database, clock, env: JOBS_ENV });
    running.push(second);
    const plans = await issuePlans({ ...second, units }, 8);
    const due: { id: string }[] = await first.app.get(DataSource).query(
      `SELECT id FROM plan_assignments WHERE plan_id = ANY($1) AND due_on IS NOT NULL`,
      [plans],
    );
    const assignments = due.map((a) => a.id);
    expect(assignments).toHaveLength(16);
    await Promise.all([settle(first), settle(second)]);

    // Everything falls due at once: the plans start and open reporting, the assignments are late and get their reminder.
    clock.set(at('2016-02-05'));
    const instances = [first, second];
    // Half the items: both instances run the same handlers at the same moment.
    await Promise.all(
      instances.flatMap((t) => [
        ...plans.slice(0, 4).map((id) => t.app.get(PlanDeadlines).run(id)),
        ...assignments.slice(0, 8).map((id) => t.app.get(AssignmentDeadlines).run(id)),
      ]),
    );
    // All of them: both instances ask for sweeps at the same moment, twice.
    for (let round = 0; round < 2; round++) {
      await Promise.all(instances.map((t) => t.app.get(JobsService).requestSweep()));
      await Promise.all(instances.map((t) => settle(t)));
    }

    const db = first.app.get(DataSource);
    const steps: { event: string; subject: string; count: number }[] = await db.query(
      `SELECT event, subject_id AS subject, count(*)::int AS count FROM audit_entries
       WHERE event IN ('START', 'OPEN_REPORTING', 'MARK_OVERDUE') AND (subject_id = ANY($1) OR subject_id = ANY($2))
       GROUP BY event, subject_id`,
      [plans, assignments],
    );
    expect(steps.filter((s) => s.event === 'START')).toHaveLength(8);
    expect(steps.filter((s) => s.event === 'OPEN_REPORTING')).toHaveLength(8);
    expect(steps.filter((s) => s.event === 'MARK_OVERDUE')).toHaveLength(16);
    expect(steps.every((s) => s.count === 1)).toBe(true);

    const reminders: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM assignment_reminders WHERE assignment_id = ANY($1) GROUP BY assignment_id, offset_days`,
      [assignments],
    );
    expect(reminders).toEqual(Array.from({ length: 16 }, () => ({ count: 1 })));

    const messages: { type: string; count: number }[] = await db.query(
      `SELECT type, count(*)::int AS count FROM outbox WHERE subject_id = ANY($1) GROUP BY type, subject_id`,
      [assignments],
    );
    expect(messages.filter((m) => m.type === 'overdue')).toHaveLength(16);
    expect(messages.filter((m) => m.type === 'reminder')).toHaveLength(16);
    expect(messages.every((m) => m.count === 1)).toBe(true);

    // Each message reached each person of its unit once, though both instances deliver.
    const [{ missing, extra }] = await db.query(
      `SELECT count(*) FILTER (WHERE n.id IS NULL)::int AS missing, (SELECT count(*) FROM notifications)::int - count(n.id)::int AS extra
       FROM outbox o JOIN (SELECT DISTINCT user_id, unit_id FROM memberships) m ON m.unit_id = o.unit_id
       LEFT JOIN notifications n ON n.outbox_id = o.id AND n.recipient_user_id = m.user_id`,
    );
    expect({ missing, extra }).toEqual({ missing: 0, extra: 0 });

    const jobs: { state: string; retried: number }[] = await db.query(
      `SELECT state::text, count(*) FILTER (WHERE retry_count > 0)::int AS retried FROM pgboss.job WHERE name = ANY($1) GROUP BY state`,
      [Object.values(QUEUES)],
    );
    expect(jobs).toEqual([{ state: 'completed', retried: 0 }]);
  });
});
