/**
 * Cascade view benchmark: a 5-level cascade of ~50,000 units, every non-leaf unit with an
 * issued implementing plan and every unit a tracked assignment of its parent's plan, in a
 * realistic mix of states (assigned, acknowledged, implementing, reported, accepted,
 * returned, waived; some overdue), with reports and their indicators. Times GET
 * /plans/:id/cascade through the real service and over HTTP for the root's whole tree, a
 * mid-level plan, the overdue filter and a page of the flat form, and the cascade read as
 * one range of the materialised path against a naive recursive walk of the plan links, in
 * the same run.
 *
 *   npm run bench:cascade                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:cascade  a throw-away database on that server
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { UsersService } from '@app/auth';
import { loadConfig } from '@app/core';
import { CascadeService } from '@app/delegation';
import { Actor, Role } from '@app/org';
import { createApp } from '../apps/api/src/create-app.js';
import { migrate, openBenchDatabase, type BenchDatabase } from './support/database.js';
import { bytes, int, measure, ms, p50p95, type Stats } from './support/stats.js';

/** Children per unit at each level below the root: 10 + 100 + 1,000 + 10,000 + 40,000 = 51,110 assignees. */
const FAN_OUTS = [10, 10, 10, 10, 4];
const TARGET_MS = 200;
const RUNS = { warmup: 2, runs: 30, budgetMs: 15_000, minRuns: 10 };
const say = (line = '') => process.stdout.write(`${line}\n`);
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`;
const LABEL = `text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0'))`;

/**
 * Builds the cascade level by level, set-based: the units of level k, their assignments in
 * their parents' plans (cascade path = the parent's assignment path + a label), and, for
 * every non-leaf unit, its issued implementing plan. States follow a hash of the row, so
 * the mix is the same at every run.
 */
async function seed(client: pg.Client): Promise<{ units: number; plans: number; reports: number; rootPlan: string; midPlan: string }> {
  const [{ id: user }] = (await client.query(`SELECT id FROM users WHERE username = 'bench.admin'`)).rows;
  await client.query(`CREATE TEMP TABLE lvl (unit_id uuid, path ltree, plan_id uuid, assignment_path ltree, depth int)`);
  await client.query(`
    WITH l AS (SELECT nextval('units_label_seq') AS label),
         u AS (INSERT INTO units (label, name, short_name, kind, path, symbol_style)
               SELECT label, 'Thành ủy (bench)', 'TU', 'party_committee', text2ltree(label::text), 'party' FROM l RETURNING id, path)
    INSERT INTO lvl SELECT u.id, u.path, NULL, NULL, 0 FROM u`);
  const kinds = ['party_committee', 'party_committee', 'grassroots_committee', 'grassroots_committee', 'party_cell'];
  for (let depth = 1; depth <= FAN_OUTS.length; depth++) {
    const leaf = depth === FAN_OUTS.length;
    // The parents' plans: issued, and moved on as far as their assignment in their own parent's plan.
    await client.query(
      `WITH p AS (
         INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, created_by, number, number_and_symbol, issued_on, issued_at,
                            report_collector_unit_id, report_due_on, source_assignment_id)
         SELECT l.unit_id, 'KH', 'Kế hoạch thực hiện (bench)',
                (ARRAY['issued', 'implementing', 'implementing', 'reporting', 'reviewed'])[1 + (abs(hashtext(l.unit_id::text)) % 5)], 2, $2,
                1 + (abs(hashtext(l.unit_id::text)) % 90), (1 + (abs(hashtext(l.unit_id::text)) % 90)) || '-KH/ĐU', date '2026-01-10', now(),
                l.unit_id, date '2026-03-01', a.id
         FROM lvl l LEFT JOIN plan_assignments a ON a.cascade_path = l.assignment_path WHERE l.depth = $1 - 1
         RETURNING id, issuer_unit_id)
       UPDATE lvl SET plan_id = p.id FROM p WHERE lvl.unit_id = p.issuer_unit_id`,
      [depth, user],
    );
    await client.query(
      `WITH parent AS (SELECT * FROM lvl WHERE depth = $1 - 1),
            made AS (SELECT parent.*, g, nextval('units_label_seq') AS label FROM parent, generate_series(1, $2::int) g),
            u AS (INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
                  SELECT label, 'Đơn vị ' || label, 'ĐU', $3, unit_id, path || text2ltree(label::text), 'party' FROM made
                  RETURNING id, parent_id, path)
       INSERT INTO lvl (unit_id, path, plan_id, assignment_path, depth)
       SELECT u.id, u.path, NULL, NULL, $1 FROM u`,
      [depth, FAN_OUTS[depth - 1], kinds[depth - 1]],
    );
    // Every unit of this level is assigned by its parent's plan; states mixed by a hash.
    await client.query(
      `WITH parent AS (SELECT unit_id, plan_id, assignment_path FROM lvl WHERE depth = $1 - 1),
            made AS (
              SELECT l.unit_id, parent.plan_id, parent.assignment_path, row_number() OVER (PARTITION BY parent.plan_id ORDER BY l.path) AS position,
                     abs(hashtext(l.unit_id::text)) % 100 AS h
              FROM lvl l JOIN units u ON u.id = l.unit_id JOIN parent ON parent.unit_id = u.parent_id WHERE l.depth = $1),
            a AS (
              INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, responsibilities, requires_own_plan, due_on, state, machine_version, version, overdue, cascade_path)
              SELECT plan_id, position, unit_id, '["Tuyên truyền, báo cáo kết quả"]', NOT $2, date '2026-02-01' + (h % 40), s.state, 2, 1,
                     s.state IN ('assigned', 'acknowledged', 'planning', 'implementing', 'returned') AND h % 7 = 0,
                     coalesce(assignment_path || ${LABEL}, ${LABEL})
              FROM made, LATERAL (SELECT CASE WHEN $2 THEN
                  (ARRAY['assigned', 'acknowledged', 'acknowledged', 'reported', 'reported', 'accepted', 'accepted', 'accepted', 'returned', 'waived'])[1 + h % 10]
                ELSE (ARRAY['implementing', 'implementing', 'implementing', 'reported', 'accepted', 'accepted'])[1 + h % 6] END AS state) s
              ORDER BY plan_id, position
              RETURNING assignee_unit_id, cascade_path)
       UPDATE lvl SET assignment_path = a.cascade_path FROM a WHERE lvl.unit_id = a.assignee_unit_id AND lvl.depth = $1`,
      [depth, leaf],
    );
  }
  // Reports: submitted for `reported`, accepted for `accepted`, returned for `returned`; three to five indicators each.
  await client.query(`
    WITH r AS (
      INSERT INTO reports (assignment_id, unit_id, state, machine_version, version, results, created_at, updated_at)
      SELECT a.id, a.assignee_unit_id, CASE a.state WHEN 'reported' THEN 'submitted' ELSE a.state END, 1, 2, 'Đã thực hiện.', now(), now()
      FROM plan_assignments a WHERE a.state IN ('reported', 'accepted', 'returned') AND a.cascade_path IS NOT NULL
      RETURNING id)
    INSERT INTO report_indicators (report_id, indicator_code, value)
    SELECT r.id, i.code, 1 + abs(hashtext(r.id::text || i.code)) % 500 FROM r
    JOIN indicators i ON abs(hashtext(r.id::text || i.code)) % 8 < 4`);
  await client.query('VACUUM ANALYZE');
  const counts = (await client.query(`
    SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM reports)::int AS reports,
           (SELECT plan_id FROM lvl WHERE depth = 0) AS "rootPlan",
           (SELECT plan_id FROM lvl WHERE depth = 1 ORDER BY path LIMIT 1) AS "midPlan"`)).rows[0];
  return counts;
}

/** The same columns read by walking the plan links one level at a time, as a schema without the materialised path would. */
const NAIVE = `
  WITH RECURSIVE walk AS (
    SELECT a.id, 1 AS depth, ARRAY[a.position] AS sort FROM plan_assignments a WHERE a.plan_id = $1 AND a.state IS NOT NULL
    UNION ALL
    SELECT ca.id, walk.depth + 1, walk.sort || ca.position FROM walk
    JOIN plans c ON c.source_assignment_id = walk.id AND c.state NOT IN ('discarded', 'withdrawn', 'superseded')
    JOIN plan_assignments ca ON ca.plan_id = c.id AND ca.state IS NOT NULL)
  SELECT a.id, walk.depth, a.plan_id AS "planId", a.parent_assignment_id AS "parentAssignmentId", a.state, a.overdue, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         u.id AS "unitId", u.name AS "unitName", u.short_name AS "unitShortName", u.kind AS "unitKind",
         c.id AS "childPlanId", c.state AS "childPlanState", c.number_and_symbol AS "childPlanNumber", r.id AS "reportId", r.state AS "reportState",
         CASE WHEN r.state = 'accepted' THEN (SELECT coalesce(json_object_agg(ri.indicator_code, ri.value::float8), '{}') FROM report_indicators ri WHERE ri.report_id = r.id) END AS accepted
  FROM walk JOIN plan_assignments a ON a.id = walk.id JOIN units u ON u.id = a.assignee_unit_id
  LEFT JOIN plans c ON c.source_assignment_id = a.id AND c.state NOT IN ('discarded', 'withdrawn', 'superseded')
  LEFT JOIN reports r ON r.assignment_id = a.id
  ORDER BY walk.sort`;

/** The range read the service uses (cascade.repository.ts), for the same comparison without the rest of the service. */
const RANGE = `
  WITH top AS (SELECT cascade_path AS path FROM plan_assignments WHERE plan_id = $1 AND state IS NOT NULL)
  SELECT a.id, nlevel(a.cascade_path) - nlevel(top.path) + 1 AS depth, a.plan_id AS "planId", a.parent_assignment_id AS "parentAssignmentId", a.state, a.overdue,
         to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", u.id AS "unitId", u.name AS "unitName", u.short_name AS "unitShortName", u.kind AS "unitKind",
         c.id AS "childPlanId", c.state AS "childPlanState", c.number_and_symbol AS "childPlanNumber", r.id AS "reportId", r.state AS "reportState",
         CASE WHEN r.state = 'accepted' THEN (SELECT coalesce(json_object_agg(ri.indicator_code, ri.value::float8), '{}') FROM report_indicators ri WHERE ri.report_id = r.id) END AS accepted
  FROM top JOIN plan_assignments a ON a.cascade_path >= top.path AND a.cascade_path < (top.path::text || '0')::ltree
  JOIN units u ON u.id = a.assignee_unit_id
  LEFT JOIN plans c ON c.source_assignment_id = a.id AND c.state NOT IN ('discarded', 'withdrawn', 'superseded')
  LEFT JOIN reports r ON r.assignment_id = a.id
  ORDER BY a.cascade_path`;

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
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      const { rows: [server] } = await sql.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      say(`Cascade benchmark: PostgreSQL ${server.version} (${db.description}), Node ${process.version}`);
      say(`Machine: ${availableParallelism()} CPUs, ${load()}; all times are wall-clock, so other load inflates them`);
      // The server first: its first admin is created on the empty database, and the cascade's plans are written by it.
      app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JOBS_ENABLED: 'false', JWT_SECRET: 'x'.repeat(40) }), db.url);
      await app.init();
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      await app.get(UsersService).bootstrapAdmin('bench.admin', 'bench-password-1');
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.admin', password: 'bench-password-1' }) });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      const seedStart = performance.now();
      const built = await seed(sql);
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

      const root = await cascades.tree(actor, built.rootPlan, {});
      const mid = await cascades.tree(actor, built.midPlan, {});
      const overdue = await cascades.tree(actor, built.rootPlan, { overdue: true });
      const firstPage = await cascades.nodes(actor, built.rootPlan, { limit: 50 });
      say(`Root plan: ${int(root.totals.nodes)} nodes; totals ${JSON.stringify(root.totals.byState)}, ${int(root.totals.overdue)} overdue`);
      say(`Mid-level plan (a depth-1 unit's implementing plan): ${int(mid.totals.nodes)} nodes; overdue filter on the root lists ${int(overdue.listed)} nodes`);
      say();

      const rows: [string, Stats, string][] = [];
      const time = async (name: string, fn: () => Promise<unknown>, note = '') => {
        const stats = await measure(RUNS, fn);
        rows.push([name, stats, note]);
        say(`  ${name.padEnd(52)} ${p50p95(stats)}${note ? `  ${note}` : ''}`);
        return stats;
      };
      say('Through the service (CascadeService, as the controller calls it):');
      const serviceRoot = await time('root, whole tree (nested, totals)', () => cascades.tree(actor, built.rootPlan, {}));
      await time('mid-level plan, whole tree', () => cascades.tree(actor, built.midPlan, {}));
      await time('root, overdue=true', () => cascades.tree(actor, built.rootPlan, { overdue: true }));
      await time('root, maxDepth=2', () => cascades.tree(actor, built.rootPlan, { maxDepth: 2 }));
      await time('root, flat form, a page of 50', () => cascades.nodes(actor, built.rootPlan, { limit: 50, cursor: firstPage.nextCursor ?? undefined }));
      say();
      say(`  (${load()})`);
      say('Over HTTP (GET with a token, until the whole body is read):');
      const httpRoot = await time('GET /plans/:root/cascade', () => http(`/plans/${built.rootPlan}/cascade`));
      const rootBytes = size;
      await time('GET /plans/:mid/cascade', () => http(`/plans/${built.midPlan}/cascade`));
      await time('GET /plans/:root/cascade?overdue=true', () => http(`/plans/${built.rootPlan}/cascade?overdue=true`));
      await time('GET /plans/:root/cascade?maxDepth=2', () => http(`/plans/${built.rootPlan}/cascade?maxDepth=2`));
      const summaryBytes = size;
      await time('GET /plans/:root/cascade/nodes?limit=50', () => http(`/plans/${built.rootPlan}/cascade/nodes?limit=50&cursor=${firstPage.nextCursor}`));
      say(`  (bodies: the root's whole tree ${bytes(rootBytes)}, maxDepth=2 ${bytes(summaryBytes)})`);
      say();
      say(`  (${load()})`);
      say('The read alone, materialised path against a naive recursive walk (same columns, same order of magnitude of rows):');
      const range = await time('root: one range of the cascade path', () => sql.query(RANGE, [built.rootPlan]));
      const naive = await time('root: recursive walk of the plan links', () => sql.query(NAIVE, [built.rootPlan]));
      const midRange = await time('mid-level: one range of the cascade path', () => sql.query(RANGE, [built.midPlan]));
      const midNaive = await time('mid-level: recursive walk of the plan links', () => sql.query(NAIVE, [built.midPlan]));
      say(`  ratio naive / range, p95: root ${(naive.p95 / range.p95).toFixed(2)}×, mid-level ${(midNaive.p95 / midRange.p95).toFixed(2)}×`);
      say();
      say(`Target (issue 4): the whole-tree summary of a 50,000-unit, 5-level cascade under ${TARGET_MS} ms p95`);
      say(`  service: ${p50p95(serviceRoot)}: ${verdict(serviceRoot)}`);
      say(`  HTTP:    ${p50p95(httpRoot)}: ${verdict(httpRoot)}`);
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
