/**
 * Reorganisation benchmark (issue 17): a province of 500 communes, 40 issued plans of the
 * province each assigning all 500 (20,000 open tracked assignments), merged 5 → 1 into 100 new
 * communes in one reorganisation. Times the preview (?dryRun=true: the whole operation, rolled
 * back) and the apply through ReorganisationsService — one audited HANDOVER per assignment,
 * plan and membership through the TransitionRunner — against a baseline in the same run: the
 * same moves as one set-based UPDATE with no audit (rolled back), i.e. what skipping the one
 * transition path would cost. Then the cascade view's p95 (the root summary, as bench:cascade)
 * before and right after.
 *
 *   npm run bench:reorganisation                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:reorganisation  a throw-away database on that server
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { availableParallelism, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { UsersService } from '@app/auth';
import { loadConfig, SESSION_OPTIONS } from '@app/core';
import { CascadeService } from '@app/delegation';
import { Actor, Role } from '@app/org';
import { ReorganisationsService } from '@app/reorganisation';
import { createApp } from '../apps/api/src/create-app.js';
import { migrate, openBenchDatabase, type BenchDatabase } from './support/database.js';
import { int, measure, ms, p50p95 } from './support/stats.js';

const COMMUNES = 500;
const PLANS = 40;
const GROUP = 5;
const LABEL = `text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0'))`;
const say = (line = '') => process.stdout.write(`${line}\n`);
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`;

async function main(): Promise<void> {
  let db: BenchDatabase | undefined;
  let app: INestApplication | undefined;
  let sql: pg.Client | undefined;
  try {
    db = await openBenchDatabase();
    await migrate(db.url);
    sql = new pg.Client({ connectionString: db.url, options: SESSION_OPTIONS });
    await sql.connect();
    const { rows: [server] } = await sql.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    say(`Reorganisation benchmark: PostgreSQL ${server.version} (${db.description}), Node ${process.version}`);
    say(`Machine: ${availableParallelism()} CPUs, ${load()}; all times are wall-clock, so other load inflates them`);
    app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JOBS_ENABLED: 'false', JWT_SECRET: 'bench-only-secret-0123456789abcdefghijklmnop' }), db.url);
    await app.init();
    await app.get(UsersService).bootstrapAdmin('bench.admin', 'bench-password-1');
    const [{ id: userId }] = (await sql.query(`SELECT id FROM users WHERE username = 'bench.admin'`)).rows;

    // ---- the province, its communes, 40 plans assigning each commune --------------------------
    const seedStart = performance.now();
    const [{ id: root, path: rootPath }] = (await sql.query(`
      WITH l AS (SELECT nextval('units_label_seq') AS label)
      INSERT INTO units (label, name, short_name, kind, path, symbol_style)
      SELECT label, 'Tỉnh ủy (bench)', 'TU', 'party_committee', text2ltree(label::text), 'party' FROM l RETURNING id, path::text AS path`)).rows;
    await sql.query(`
      WITH made AS (SELECT g, nextval('units_label_seq') AS label FROM generate_series(1, $2::int) g)
      INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
      SELECT label, 'Đảng ủy xã ' || g, 'ĐU', 'grassroots_committee', $1, $3::ltree || text2ltree(label::text), 'party' FROM made`, [root, COMMUNES, rootPath]);
    await sql.query(`
      INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, created_by, number, number_and_symbol, issued_on, issued_at)
      SELECT $1, 'KH', 'Kế hoạch ' || g, 'implementing', 2, $2, g, g || '-KH/TU', date '2026-01-10', now() FROM generate_series(1, $3::int) g`, [root, userId, PLANS]);
    await sql.query(`
      INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, responsibilities, requires_own_plan, due_on, state, machine_version, version, overdue, cascade_path)
      SELECT p.id, row_number() OVER (PARTITION BY p.id ORDER BY u.path), u.id, '["Tuyên truyền"]', false, date '2026-06-30', 'assigned', 2, 1, false, ${LABEL}
      FROM plans p CROSS JOIN units u WHERE u.parent_id = $1 ORDER BY p.id, u.path`, [root]);
    await sql.query(`ANALYZE`);
    const communes: string[] = (await sql.query(`SELECT id FROM units WHERE parent_id = $1 ORDER BY path`, [root])).rows.map((r) => r.id);
    const planIds: string[] = (await sql.query(`SELECT id FROM plans ORDER BY number`)).rows.map((r) => r.id);
    const [{ n: open }] = (await sql.query(`SELECT count(*)::int AS n FROM plan_assignments WHERE state = 'assigned'`)).rows;
    say(`Province: ${int(COMMUNES)} communes, ${PLANS} issued plans, ${int(open)} open assignments; seeded in ${ms(performance.now() - seedStart)}`);

    const actor = new Actor(userId, 'bench.admin', 'Bench', [{ id: randomUUID(), role: Role.Admin, unitId: null, unitPath: null }]);
    const cascades = app.get(CascadeService);
    const cascadeP95 = () => measure({ warmup: 2, runs: 30, budgetMs: 15_000, minRuns: 10 }, () => cascades.tree(actor, planIds[0], { maxDepth: 1 }));
    const before = await cascadeP95();

    const changes = Array.from({ length: COMMUNES / GROUP }, (_, i) => ({
      kind: 'merge',
      from: communes.slice(i * GROUP, (i + 1) * GROUP),
      into: { name: `Đảng ủy xã mới ${i + 1}`, shortName: 'ĐU', kind: 'grassroots_committee', parentId: root, symbolStyle: 'party' },
    }));
    const body = { effectiveOn: '2025-07-01', changes };

    // ---- baseline: the same moves as one UPDATE, no audit, rolled back -------------------------
    await sql.query('BEGIN');
    const baseStart = performance.now();
    await sql.query(`CREATE TEMP TABLE succ (unit_id uuid PRIMARY KEY, to_id uuid) ON COMMIT DROP`);
    await sql.query(`INSERT INTO succ SELECT unnest($1::uuid[]), unnest($2::uuid[])`, [communes, communes.map((_, i) => communes[Math.floor(i / GROUP) * GROUP])]);
    const moved = await sql.query(`UPDATE plan_assignments a SET assignee_unit_id = s.to_id, version = version + 1, updated_at = now() FROM succ s WHERE a.assignee_unit_id = s.unit_id AND a.state = 'assigned'`);
    const baselineMs = performance.now() - baseStart;
    await sql.query('ROLLBACK');

    const service = app.get(ReorganisationsService);
    const previewStart = performance.now();
    const preview = await service.submit(actor, body, true);
    const previewMs = performance.now() - previewStart;
    const applyStart = performance.now();
    const applied = await service.submit(actor, body, false);
    const applyMs = performance.now() - applyStart;
    const after = await cascadeP95();
    const [{ n: entries }] = (await sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE event = 'HANDOVER'`)).rows;

    say();
    say(`Baseline (one set-based UPDATE of ${int(moved.rowCount ?? 0)} assignments, no audit): ${ms(baselineMs)}`);
    say(`Preview (?dryRun=true, rolled back): ${ms(previewMs)} — ${int(preview.handovers.length)} handovers listed; ratio to baseline ${(previewMs / baselineMs).toFixed(1)}×`);
    say(`Apply: ${ms(applyMs)} — touched ${JSON.stringify(applied.touched)}, ${int(entries)} HANDOVER entries; ` +
      `${((applyMs * 1000) / Math.max(1, applied.handovers.length)).toFixed(0)} µs per audited handover; ratio to baseline ${(applyMs / baselineMs).toFixed(1)}×`);
    say(`Cascade root summary (plan of ${int(COMMUNES)} assignments): before ${p50p95(before)}, right after ${p50p95(after)}; p95 ratio ${(after.p95 / before.p95).toFixed(2)}×`);
  } finally {
    await sql?.end();
    await app?.close();
    await db?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
