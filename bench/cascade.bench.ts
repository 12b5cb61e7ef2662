/**
 * Cascade view benchmark: a 5-level cascade of ~50,000 units, every non-leaf unit with an
 * issued implementing plan and every unit a tracked assignment of its parent's plan, in a
 * realistic mix of states (assigned, acknowledged, implementing, reported, accepted,
 * returned, waived; some overdue), with reports and their indicators. Times GET
 * /plans/:id/cascade through the real service and over HTTP: the root's whole-tree summary
 * (maxDepth=1: totals over every node, the top nodes with their branch figures — the issue's
 * 200 ms p95 target), a mid-level plan, the overdue filter, a page of the flat form and the
 * root's full nested tree (informational); and the same summary built the old way (every row
 * read into Node, the tree built in memory: bench/support/cascade-in-memory.ts) as the
 * baseline, in the same run, with the figures of both compared.
 *
 *   npm run bench:cascade                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:cascade  a throw-away database on that server
 *   BENCH_EXPLAIN=1 npm run bench:cascade also prints EXPLAIN ANALYZE of the root summary's statement
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { UsersService } from '@app/auth';
import { loadConfig, SESSION_OPTIONS } from '@app/core';
import { CascadeRepository, CascadeService } from '@app/delegation';
import { Actor, Role } from '@app/org';
import { createApp } from '../apps/api/src/create-app.js';
import { migrate, openBenchDatabase, type BenchDatabase } from './support/database.js';
import { readInMemory } from './support/cascade-in-memory.js';
import { seedCascade } from './support/cascade-seed.js';
import { bytes, int, measure, ms, p50p95, type Stats } from './support/stats.js';

/** Children per unit at each level below the root: 10 + 100 + 1,000 + 10,000 + 40,000 = 51,110 assignees. */
const FAN_OUTS = [10, 10, 10, 10, 4];
const TARGET_MS = 200;
const RUNS = { warmup: 2, runs: 30, budgetMs: 15_000, minRuns: 10 };
const say = (line = '') => process.stdout.write(`${line}\n`);
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`;


/** Objects with their keys in order, to compare two results that may list keys differently. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
}

/** EXPLAIN ANALYZE of the statement the repository runs for the root summary, on the bench's session settings. */
async function explain(repository: CascadeRepository, client: pg.Client, planId: string): Promise<void> {
  const tx = {
    query: async (statement: string, params: unknown[] = []) => {
      if (statement.startsWith('SET')) return client.query(statement);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`, params);
      say(rows.map((r) => r['QUERY PLAN']).join('\n'));
      return [{ totals: {}, nodes: [] }];
    },
    // As EntityManager#transaction: an isolation level may come first, the work always last.
    transaction: async <T>(...args: [(t: unknown) => Promise<T>] | [string, (t: unknown) => Promise<T>]) => {
      const work = args[args.length - 1] as (t: unknown) => Promise<T>;
      await client.query('BEGIN');
      try {
        return await work(tx);
      } finally {
        await client.query('COMMIT');
      }
    },
  } as unknown as EntityManager;
  say('EXPLAIN ANALYZE, root summary (maxDepth=1):');
  await repository.read(tx, planId, null, { maxDepth: 1 });
}

function verdict(s: Stats): string {
  return s.p95 < TARGET_MS ? `meets the ${TARGET_MS} ms p95 target` : `MISSES the ${TARGET_MS} ms p95 target`;
}

async function main(): Promise<void> {
  const started = performance.now();
  let db: BenchDatabase | undefined;
  let app: INestApplication | undefined;
  try {
    db = await openBenchDatabase();
    await migrate(db.url);
    const sql = new pg.Client({ connectionString: db.url, options: SESSION_OPTIONS });
    await sql.connect();
    try {
      const { rows: [server] } = await sql.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      say(`Cascade benchmark: PostgreSQL ${server.version} (${db.description}), Node ${process.version}`);
      say(`Machine: ${availableParallelism()} CPUs, ${load()}; all times are wall-clock, so other load inflates them`);
      // The server first: its first admin is created on the empty database, and the cascade's plans are written by it.
      app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JOBS_ENABLED: 'false', JWT_SECRET: randomBytes(32).toString('hex') }), db.url);
      await app.init();
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      await app.get(UsersService).bootstrapAdmin('bench.admin', 'bench-password-1');
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.admin', password: 'bench-password-1' }) });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      const seedStart = performance.now();
      const built = await seedCascade(sql, {
        fanOuts: FAN_OUTS, kinds: ['party_committee', 'party_committee', 'grassroots_committee', 'grassroots_committee', 'party_cell'], creator: 'bench.admin',
      });
      const mix = (await sql.query(`SELECT state, count(*)::int AS n, count(*) FILTER (WHERE overdue)::int AS overdue FROM plan_assignments GROUP BY state ORDER BY 2 DESC`)).rows;
      say(`Cascade: fan-outs ${FAN_OUTS.join(' → ')} (${FAN_OUTS.length} levels), ${int(built.units)} units, ${int(built.plans)} issued plans, ` +
        `${int(mix.reduce((n, r) => n + r.n, 0))} tracked assignments, ${int(built.reports)} reports; built set-based in ${ms(performance.now() - seedStart)}`);
      say(`  states: ${mix.map((r) => `${r.state} ${int(r.n)}${r.overdue ? ` (${int(r.overdue)} overdue)` : ''}`).join(', ')}`);
      say();

      const cascades = app.get(CascadeService);
      const actor = new Actor(randomUUID(), 'bench', 'Bench', [{ id: randomUUID(), role: Role.Admin, unitId: null, unitPath: null }]);
      let size = 0;
      const http = async (path: string) => {
        const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
        size = body.length;
      };

      const summary = await cascades.tree(actor, built.rootPlan, { maxDepth: 1 });
      const mid = await cascades.tree(actor, built.midPlan, {});
      const overdue = await cascades.tree(actor, built.rootPlan, { overdue: true });
      const firstPage = await cascades.nodes(actor, built.rootPlan, { limit: 50 });
      say(`Root plan: ${int(summary.totals.nodes)} nodes; totals ${JSON.stringify(summary.totals.byState)}, ${int(summary.totals.overdue)} overdue`);
      say(`Mid-level plan (a depth-1 unit's implementing plan): ${int(mid.totals.nodes)} nodes; overdue filter on the root lists ${int(overdue.listed)} nodes`);
      // The same figures both ways: totals (the in-memory rule has no deadline statuses) and each top node's branch figure.
      const baseline = await readInMemory(sql, built.rootPlan, { maxDepth: 1 });
      const { byDeadline: _byDeadline, ...summaryTotals } = summary.totals;
      const same = JSON.stringify(sorted(baseline.totals)) === JSON.stringify(sorted(summaryTotals)) &&
        JSON.stringify(baseline.roots.map((n) => [n.row.id, sorted(n.indicators)])) === JSON.stringify(summary.nodes.map((n) => [n.id, sorted(n.indicators)]));
      say(`SQL figures equal the in-memory build's (totals and the ${summary.nodes.length} top nodes' figures): ${same ? 'yes' : 'NO'}`);
      if (process.env.BENCH_EXPLAIN) await explain(app.get(CascadeRepository), sql, built.rootPlan);
      say();

      const time = async (name: string, fn: () => Promise<unknown>) => {
        const stats = await measure(RUNS, fn);
        say(`  ${name.padEnd(56)} ${p50p95(stats)}`);
        return stats;
      };
      say(`Through the service (CascadeService, as the controller calls it); ${load()}:`);
      const serviceSummary = await time('root, whole-tree summary (maxDepth=1)', () => cascades.tree(actor, built.rootPlan, { maxDepth: 1 }));
      await time('mid-level plan, whole tree (5,110 nodes)', () => cascades.tree(actor, built.midPlan, {}));
      await time('root, overdue=true', () => cascades.tree(actor, built.rootPlan, { overdue: true }));
      await time('root, flat form, a page of 50', () => cascades.nodes(actor, built.rootPlan, { limit: 50, cursor: firstPage.nextCursor ?? undefined }));
      await time('root, full nested tree (informational)', () => cascades.tree(actor, built.rootPlan, {}));
      say();
      say(`Over HTTP (GET with a token, until the whole body is read); ${load()}:`);
      const httpSummary = await time('GET /plans/:root/cascade?maxDepth=1', () => http(`/plans/${built.rootPlan}/cascade?maxDepth=1`));
      const summaryBytes = size;
      await time('GET /plans/:mid/cascade', () => http(`/plans/${built.midPlan}/cascade`));
      await time('GET /plans/:root/cascade?overdue=true', () => http(`/plans/${built.rootPlan}/cascade?overdue=true`));
      await time('GET /plans/:root/cascade/nodes?limit=50', () => http(`/plans/${built.rootPlan}/cascade/nodes?limit=50&cursor=${firstPage.nextCursor}`));
      await time('GET /plans/:root/cascade (full tree, informational)', () => http(`/plans/${built.rootPlan}/cascade`));
      say(`  (bodies: maxDepth=1 ${bytes(summaryBytes)}, the full tree ${bytes(size)})`);
      say();
      say(`Baseline, the old way (every row into Node, built in memory); ${load()}:`);
      const old = await time('root, whole-tree summary (maxDepth=1), in memory', () => readInMemory(sql, built.rootPlan, { maxDepth: 1 }));
      say(`  ratio in memory / SQL for the root summary: p50 ${(old.p50 / serviceSummary.p50).toFixed(1)}×, p95 ${(old.p95 / serviceSummary.p95).toFixed(1)}×`);
      say();
      say(`Target (issue 4): the whole-tree summary of a 50,000-unit, 5-level cascade under ${TARGET_MS} ms p95`);
      say(`  service: ${p50p95(serviceSummary)}: ${verdict(serviceSummary)}`);
      say(`  HTTP:    ${p50p95(httpSummary)}: ${verdict(httpSummary)}`);
      say(`Total benchmark time ${ms(performance.now() - started)}; ${load()} at the end`);
    } finally {
      await sql.end();
    }
  } finally {
    await app?.close();
    await db?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
