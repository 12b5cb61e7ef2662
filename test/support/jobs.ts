import { DataSource } from 'typeorm';
import { JobsService, QUEUES } from '@app/jobs';
import type { TestApp } from './test-app.js';

/** Workers that look often, and a cron sweep that stays out of the way: the tests sweep when they move the clock. */
export const JOBS_ENV = { JOBS_ENABLED: 'true', JOBS_POLL_INTERVAL_SECONDS: '0.5', DEADLINE_SWEEP_MINUTES: '60' };

const QUEUE_NAMES = Object.values(QUEUES);

/** Waits until no deadline job is waiting or running and every outbox message is delivered. */
export async function settle(t: TestApp, timeoutMs = 20_000): Promise<void> {
  const db = t.app.get(DataSource);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ pending }] = await db.query(
      `SELECT (SELECT count(*) FROM pgboss.job WHERE name = ANY($1) AND state < 'completed')
            + (SELECT count(*) FROM outbox WHERE delivered_at IS NULL) AS pending`,
      [QUEUE_NAMES],
    );
    if (Number(pending) === 0) return;
    if (Date.now() > until) throw new Error(`Jobs did not settle in ${timeoutMs} ms (${pending} pending)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks the instance for a sweep and waits for everything it queues to be done. */
export async function sweep(t: TestApp): Promise<void> {
  await t.app.get(JobsService).requestSweep();
  await settle(t);
}
