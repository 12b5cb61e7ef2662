import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'pgboss';

/**
 * The queues, as the code names them (libs/jobs/src/queues.ts). `stately`: at most one job
 * per singleton key waiting and one running, so a sweep that runs twice queues an item once.
 * `__pgboss__send-it` is pg-boss's own queue for cron schedules, made here so that the server
 * never needs to create tables.
 */
const QUEUES: [string, Record<string, unknown>][] = [
  ['__pgboss__send-it', { policy: 'standard' }],
  ['deadline-sweep', { policy: 'stately', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 }],
  ['plan-deadline', { policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 }],
  ['assignment-deadline', { policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 }],
];

/** pg-boss's construction plan is one `BEGIN; … COMMIT;` script: run its body inside this migration's transaction. */
function withoutOwnTransaction(script: string): string {
  const body = script.trim();
  if (!body.startsWith('BEGIN;') || !body.endsWith('COMMIT;')) throw new Error('Unexpected pg-boss construction plan: is pg-boss still 10.4.2?');
  return body.slice('BEGIN;'.length, -'COMMIT;'.length);
}

/**
 * The durable job queue (pg-boss 10, schema version 24) in its own schema, created here rather
 * by pg-boss at start: schema changes only happen in migrations, the test template carries it,
 * the server runs with `migrate: false` and refuses to start on a schema it does not expect.
 * A pg-boss upgrade adds a migration that runs `PgBoss.getMigrationPlans`.
 */
export class InstallJobQueue1764000600000 implements MigrationInterface {
  name = 'InstallJobQueue1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(withoutOwnTransaction(PgBoss.getConstructionPlans(SCHEMA)));
    for (const [name, options] of QUEUES) await q.query(`SELECT ${SCHEMA}.create_queue($1, $2::json)`, [name, JSON.stringify(options)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  }
}
