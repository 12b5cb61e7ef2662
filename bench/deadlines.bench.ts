/**
 * Deadlines benchmark: 5,000 plans and 50,000 tracked assignments with due dates spread over a
 * year, in the steady state (earlier days already swept). Times the sweep's two queries, then
 * everything due today carried out through the job queue by one and then two API instances.
 *
 *   npm run bench:deadlines                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:deadlines  a throw-away database on that server
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { Clock, loadConfig, localDate } from '@app/core';
import { DeadlineSweep, JobsService, QUEUES } from '@app/jobs';
import { createApp } from '../apps/api/src/create-app.js';
import { migrate, openBenchDatabase } from './support/database.js';
import { measure, p50p95 } from './support/stats.js';

const PLANS = 5_000;
const PER_PLAN = 10;
const AWAITING = `'assigned', 'acknowledged', 'planning', 'implementing', 'returned'`;

class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date): void {
    this.instant = instant;
  }
}

async function seed(client: pg.Client, today: string): Promise<void> {
  const [{ id: unit }] = (await client.query(`INSERT INTO units (name, short_name, kind, path, symbol_style) VALUES ('Bench', 'B', 'party_committee', '1', 'party') RETURNING id`)).rows;
  const [{ id: user }] = (await client.query(`INSERT INTO users (username, display_name, password_hash) VALUES ('bench', 'Bench', 'x') RETURNING id`)).rows;
  await client.query(
    `INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, starts_on, ends_on, report_due_on, created_by)
     SELECT $1, 'KH', 'Kế hoạch ' || g, 'issued', 1, d, d + 60, d + 60, $2
     FROM generate_series(1, $3::int) g, LATERAL (SELECT date '2025-01-01' + (g * 7919 % 365) AS d) x`,
    [unit, user, PLANS],
  );
  await client.query(
    `INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, due_on, state, machine_version, cascade_path)
     SELECT p.id, s, $1, p.report_due_on,
            (ARRAY['assigned','acknowledged','planning','implementing','reported','returned','accepted','waived'])[1 + ((s + hashtext(p.id::text)) & 7)], 1,
            text2ltree(nextval('plan_assignments_cascade_label_seq')::text)
     FROM plans p, generate_series(1, $2::int) s`,
    [unit, PER_PLAN],
  );
  // The steady state: every earlier day was swept.
  await client.query(`UPDATE plans SET state = 'implementing' WHERE starts_on < $1::date - 1`, [today]);
  await client.query(`UPDATE plans SET state = 'reporting' WHERE report_due_on - 7 < $1::date - 1`, [today]);
  await client.query(`UPDATE plan_assignments SET overdue = true WHERE state IN (${AWAITING}) AND due_on < $1::date - 1`, [today]);
  await client.query(
    `INSERT INTO assignment_reminders (assignment_id, due_on, offset_days, sent_at)
     SELECT a.id, a.due_on, o, now() FROM plan_assignments a, unnest(ARRAY[-3, 1, 3]) o
     WHERE a.state IN (${AWAITING}) AND a.due_on + o < $1::date AND a.due_on >= $1::date - 4`,
    [today],
  );
  await client.query('ANALYZE');
}

async function pending(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM pgboss.job WHERE name = ANY($1) AND state < 'completed') + (SELECT count(*) FROM outbox WHERE delivered_at IS NULL) AS n`,
    [Object.values(QUEUES)],
  );
  return Number(rows[0].n);
}

/** Requests a sweep and times until every job it queued is done and every message delivered. */
async function runDay(apps: INestApplication[], client: pg.Client, clock: FixedClock, day: string): Promise<{ ms: number; items: number }> {
  clock.set(new Date(`${day}T09:00:00+07:00`));
  const before = Number((await client.query(`SELECT count(*) AS n FROM pgboss.job WHERE name <> $1`, [QUEUES.sweep])).rows[0].n);
  const started = performance.now();
  await Promise.all(apps.map((app) => app.get(JobsService).requestSweep()));
  while ((await pending(client)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  const elapsed = performance.now() - started;
  const after = Number((await client.query(`SELECT count(*) AS n FROM pgboss.job WHERE name <> $1`, [QUEUES.sweep])).rows[0].n);
  return { ms: elapsed, items: after - before };
}

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  const apps: INestApplication[] = [];
  const client = new pg.Client({ connectionString: db.url });
  try {
    await migrate(db.url);
    await client.connect();
    const today = '2025-07-01';
    await seed(client, today);
    const clock = new FixedClock(new Date(`${today}T09:00:00+07:00`));
    const config = loadConfig({
      RUN_MIGRATIONS: 'false', LOG_LEVEL: 'silent', JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_SECONDS: '0.5', DEADLINE_SWEEP_MINUTES: '60',
    });
    const start = async () => {
      const app = await createApp(config, db.url, clock);
      await app.init();
      apps.push(app);
      return app;
    };
    const first = await start();
    const sweep = first.get(DeadlineSweep);
    const plans = await measure({ warmup: 3, runs: 30 }, () => sweep.duePlans(localDate(clock.now())));
    const assignments = await measure({ warmup: 3, runs: 30 }, () => sweep.dueAssignments(localDate(clock.now())));
    const due = [(await sweep.duePlans(today)).length, (await sweep.dueAssignments(today)).length];

    const one = await runDay([first], client, clock, today);
    await start();
    const two = await runDay(apps, client, clock, '2025-07-02');

    process.stdout.write(
      [
        `Deadlines, ${db.description}: ${PLANS.toLocaleString('en')} plans, ${(PLANS * PER_PLAN).toLocaleString('en')} tracked assignments, steady state`,
        `  sweep query, due plans        ${p50p95(plans)}  (${due[0]} due today)`,
        `  sweep query, due assignments  ${p50p95(assignments)}  (${due[1]} due today)`,
        `  one day's jobs, 1 instance    ${one.items} jobs in ${Math.round(one.ms)} ms (${Math.round((one.items * 1000) / one.ms)} jobs/s, sweep and delivery included)`,
        `  next day's jobs, 2 instances  ${two.items} jobs in ${Math.round(two.ms)} ms (${Math.round((two.items * 1000) / two.ms)} jobs/s)`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const app of apps) await app.close();
    await client.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
