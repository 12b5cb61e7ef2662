/**
 * Tree benchmark: builds a ~60,000-unit, 6-level organisation tree and times the reads and the
 * move of the application's real code path (UnitsService on ltree), then the same operations on
 * the alternative representations (closure table, plain text materialised path) through the raw
 * driver, so the representation is chosen by measurement.
 *
 *   npm run bench:tree                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:tree  a throw-away database on that server
 *   BENCH_EXPLAIN=1 …                  also prints the plans of the service's tree queries
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { loadConfig, SESSION_OPTIONS } from '@app/core';
import { Actor, Role, UnitsService } from '@app/org';
import { createApp } from '../apps/api/src/create-app.js';
import { openBenchDatabase, migrate, type BenchDatabase } from './support/database.js';
import {
  buildAlternatives,
  closureTable,
  dropAlternatives,
  LTREE_ANCESTORS_SQL,
  LTREE_SUBTREE_CONTAINMENT_SQL,
  LTREE_SUBTREE_SQL,
  ltreeRaw,
  storage,
  textPath,
  type RawRepresentation,
} from './support/representations.js';
import { bytes, int, measure, ms, p50p95, table, type Plan, type Stats } from './support/stats.js';
import { buildTree } from './support/tree.js';

/** 1 root → 30 → 2 → 9 → 10 → 10: 60,031 units; a depth-2 unit heads 2,001, a depth-3 unit 1,000. */
const FAN_OUTS = [1, 30, 2, 9, 10, 10];
const PAGE = 500;
/** The largest subtree page the API serves: a tree view loads a mid-level branch in one request. */
const WHOLE_PAGE = 5000;
const TARGETS = { midSubtreeP95: 20, ancestorsP95: 2 };

/** Per operation and representation; the budgets keep a slow variant from taking minutes. */
const RUNS: Record<string, Plan> = {
  rootWalk: { warmup: 1, runs: 20, budgetMs: 15_000, minRuns: 3 },
  rootPage: { warmup: 5, runs: 100, budgetMs: 5_000, minRuns: 20 },
  midWalk: { warmup: 10, runs: 200, budgetMs: 10_000, minRuns: 50 },
  midPage: { warmup: 10, runs: 200, budgetMs: 5_000, minRuns: 50 },
  ancestors: { warmup: 20, runs: 500, budgetMs: 5_000, minRuns: 100 },
  children: { warmup: 10, runs: 200, budgetMs: 5_000, minRuns: 50 },
  /** Even numbers, no budget: each run moves the branch one way, the next one back. */
  move: { warmup: 2, runs: 40 },
};

interface Walk {
  rows: number;
  pages: number;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  let db: BenchDatabase | undefined;
  let pool: pg.Pool | undefined;
  let app: INestApplication | undefined;
  try {
    db = await openBenchDatabase();
    await migrate(db.url);
    pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'pc-bench', options: SESSION_OPTIONS });
    const client = await pool.connect();
    try {
      const { rows: [server] } = await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      say(`Tree benchmark: PostgreSQL ${server.version} (${db.description}), Node ${process.version}`);
      say(`Machine: ${availableParallelism()} CPUs, ${load()}; all times are wall-clock, so other load inflates them`);
      say();

      // ---- the tree -------------------------------------------------------------------------
      const tree = await buildTree(client, FAN_OUTS);
      const refs = await referenceUnits(client);
      say(`Tree: fan-outs ${FAN_OUTS.join(' → ')} (${FAN_OUTS.length} levels), ${int(tree.total)} units`);
      say(`  per depth: ${tree.perDepth.map((n, d) => `${d + 1}: ${int(n)}`).join(', ')}`);
      say(`  built set-based in ${ms(tree.insertMs)} (one INSERT … SELECT per level), VACUUM ANALYZE ${ms(tree.analyseMs)}`);
      say(`  mid-level unit:  depth 2, ${int(refs.mid.size)} units in its subtree (itself included), ${refs.mid.children} children`);
      say(`  leaf:            depth ${refs.leaf.depth} under the mid-level unit`);
      say(`  branch to move:  depth 3, ${int(refs.branch.size)} units, between two depth-2 parents`);
      const alt = await buildAlternatives(client);
      const sizes = await storage(client);
      say(`  alternatives (scratch schema bench_alt): text-path copy ${ms(alt.copyMs)}, closure table ${int(alt.closureRows)} rows in ${ms(alt.closureMs)}`);
      say();

      // ---- the application --------------------------------------------------------------------
      app = await createApp(
        loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JWT_SECRET: 'x'.repeat(40) }),
        db.url,
      );
      await app.init();
      const units = app.get(UnitsService);
      const actor = new Actor(randomUUID(), 'bench', 'Bench', [{ id: randomUUID(), role: Role.Admin, unitId: null, unitPath: null }]);

      const serviceWalk = async (id: string): Promise<Walk> => {
        let cursor: string | undefined;
        const walk = { rows: 0, pages: 0 };
        do {
          const page = await units.subtree(actor, id, { limit: PAGE, cursor });
          walk.rows += page.items.length;
          walk.pages++;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return walk;
      };
      const rawWalk = async (rep: RawRepresentation, id: string): Promise<Walk> => {
        let cursor: string | null = null;
        const walk = { rows: 0, pages: 0 };
        do {
          const page = await rep.subtreePage(id, PAGE, cursor);
          walk.rows += page.rows;
          walk.pages++;
          cursor = page.cursor;
        } while (cursor);
        return walk;
      };
      const ltreeAsIs = ltreeRaw(client);
      const ltreeBefore = ltreeRaw(client, 'containment');
      const closure = closureTable(client);
      const text = textPath(client);
      const reps = [ltreeAsIs, ltreeBefore, closure, text];

      // Every representation must return the same sets before any of them is timed.
      const expectedAncestors = refs.leaf.depth - 1;
      for (const [label, id, size] of [['root', refs.root.id, tree.total], ['mid', refs.mid.id, refs.mid.size]] as const) {
        const counts = [(await serviceWalk(id)).rows, ...(await sequential(reps, async (r) => (await rawWalk(r, id)).rows))];
        if (counts.some((n) => n !== size)) throw new Error(`subtree(${label}) returned ${counts.join(', ')} units, expected ${size}`);
      }
      const ancestorCounts = [(await units.ancestors(actor, refs.leaf.id)).items.length, ...(await sequential(reps, (r) => r.ancestors(refs.leaf.id)))];
      if (ancestorCounts.some((n) => n !== expectedAncestors)) throw new Error(`ancestors(leaf) returned ${ancestorCounts.join(', ')}, expected ${expectedAncestors}`);

      if (process.env.BENCH_EXPLAIN) await explain(client, refs);

      // ---- measurements -----------------------------------------------------------------------
      interface Op {
        key: string;
        title: string;
        service: () => Promise<unknown>;
        raw?: (r: RawRepresentation) => Promise<unknown>;
        plan: Plan;
      }
      const rootPages = Math.ceil(tree.total / PAGE);
      const midPages = Math.ceil(refs.mid.size / PAGE);
      const ops: Op[] = [
        {
          key: 'rootWalk',
          title: `subtree(root, ${int(tree.total)} units, full walk, ${rootPages} pages of ${PAGE})`,
          service: () => serviceWalk(refs.root.id),
          raw: (r) => rawWalk(r, refs.root.id),
          plan: RUNS.rootWalk,
        },
        {
          key: 'rootPage',
          title: `subtree(root, first page of ${PAGE})`,
          service: () => units.subtree(actor, refs.root.id, { limit: PAGE }),
          raw: (r) => r.subtreePage(refs.root.id, PAGE, null),
          plan: RUNS.rootPage,
        },
        {
          key: 'midWalk',
          title: `subtree(mid, ${int(refs.mid.size)} units, full walk, ${midPages} pages of ${PAGE})`,
          service: () => serviceWalk(refs.mid.id),
          raw: (r) => rawWalk(r, refs.mid.id),
          plan: RUNS.midWalk,
        },
        {
          key: 'midWhole',
          title: `subtree(mid, ${int(refs.mid.size)} units, one page of ${WHOLE_PAGE})`,
          service: () => units.subtree(actor, refs.mid.id, { limit: WHOLE_PAGE }),
          raw: (r) => r.subtreePage(refs.mid.id, WHOLE_PAGE, null),
          plan: RUNS.midWalk,
        },
        {
          key: 'midPage',
          title: `subtree(mid, first page of ${PAGE})`,
          service: () => units.subtree(actor, refs.mid.id, { limit: PAGE }),
          raw: (r) => r.subtreePage(refs.mid.id, PAGE, null),
          plan: RUNS.midPage,
        },
        {
          key: 'ancestors',
          title: `ancestors(leaf at depth ${refs.leaf.depth}, ${expectedAncestors} ancestors)`,
          service: () => units.ancestors(actor, refs.leaf.id),
          raw: (r) => r.ancestors(refs.leaf.id),
          plan: RUNS.ancestors,
        },
        {
          key: 'childrenMid',
          title: `children(mid, ${refs.mid.children} children)`,
          service: () => units.children(actor, refs.mid.id, {}),
          plan: RUNS.children,
        },
        {
          key: 'childrenRoot',
          title: `children(root, ${refs.root.children} children)`,
          service: () => units.children(actor, refs.root.id, {}),
          plan: RUNS.children,
        },
      ];
      const results = new Map<string, Map<string, Stats>>();
      const record = (op: string, rep: string, stats: Stats) => {
        if (!results.has(op)) results.set(op, new Map());
        results.get(op)!.set(rep, stats);
      };
      const titles = new Map<string, string>();
      const width = 60;
      const line = (title: string, stats: Stats, key = '') => say(`${title.padEnd(width)} ltree ${p50p95(stats).padEnd(25)}${verdict(key, stats)}(n=${stats.n})`);

      say('Application code path: UnitsService as it is (ltree), organisation-wide admin; time per call');
      for (const op of ops) {
        titles.set(op.key, op.title);
        const stats = await measure(op.plan, op.service);
        record(op.key, 'service', stats);
        line(op.title, stats, op.key);
        if (op.raw) for (const rep of reps) record(op.key, rep.name, await measure(op.plan, () => op.raw!(rep)));
      }

      // Moves last: they leave dead tuples behind. Each run moves the branch one way, the next back.
      const moveTitle = `move(branch of ${int(refs.branch.size)} units to another parent; each way)`;
      titles.set('move', moveTitle);
      const moveTo = (i: number) => (i % 2 === 0 ? refs.branch.otherParentId : refs.branch.parentId);
      const moveStats = await measure(RUNS.move, (i) => units.move(actor, refs.branch.id, { parentId: moveTo(i) }));
      record('move', 'service', moveStats);
      line(moveTitle, moveStats);
      // The earlier subtree SQL differs only in the read: its move is the one measured as "ltree (raw SQL)".
      for (const rep of [ltreeAsIs, closure, text]) {
        for (const table of ['units', 'bench_alt.units', 'bench_alt.unit_closure']) await client.query(`VACUUM ANALYZE ${table}`);
        record('move', rep.name, await measure(RUNS.move, (i) => rep.move(refs.branch.id, moveTo(i))));
      }
      await assertBranchHome(client, refs.branch);
      say();

      // ---- comparison -------------------------------------------------------------------------
      const cell = (s: Stats | undefined) => (s ? `${ms(s.p50)} / ${ms(s.p95)}` : 'same as raw SQL');
      const rows: string[][] = [
        ['operation (p50 / p95)', 'ltree service', 'ltree raw SQL', 'ltree <@ (before)', '÷ltree', 'closure table', '÷ltree', 'text path', '÷ltree'],
      ];
      for (const [key, byRep] of results) {
        const base = byRep.get(ltreeAsIs.name);
        if (!base) continue;
        const ratio = (s: Stats | undefined) => (s ? `${(s.p95 / base.p95).toFixed(2)}×` : '');
        const [p, c, t] = [ltreeBefore, closure, text].map((r) => byRep.get(r.name));
        rows.push([
          titles.get(key)!.replace(/, \d+ pages of \d+/, ''),
          cell(byRep.get('service')),
          cell(base),
          cell(p),
          ratio(p),
          cell(c),
          ratio(c),
          cell(t),
          ratio(t),
        ]);
      }
      rows.push([
        'storage of the tree (indexes / table)',
        '',
        `${bytes(sizes.ltreeIndexes)} btree+gist`,
        '(same)',
        '',
        bytes(sizes.closure),
        `${(sizes.closure / sizes.ltreeIndexes).toFixed(2)}×`,
        `${bytes(sizes.textIndex)} btree`,
        `${(sizes.textIndex / sizes.ltreeIndexes).toFixed(2)}×`,
      ]);
      say('Representations compared (raw pg driver, one connection, same database). Every read = lookup of the unit by id');
      say('+ one query; every move = one transaction under the tree lock. ÷ltree = p95 / p95 of "ltree raw SQL" (the');
      say("service's SQL); < 1 means faster; \"<@ (before)\" is the service's first subtree query. The closure table pages its subtree by descendant id (no");
      say('depth-first order); the text path is a "C"-collated text column with a btree, subtree = [path, path || \'/\').');
      say(table(rows));
      say();
      for (const rep of [closure, text]) {
        for (const base of [ltreeAsIs]) {
          const ratios = [...results.values()]
            .filter((m) => m.has(rep.name) && m.has(base.name))
            .map((m) => m.get(rep.name)!.p95 / m.get(base.name)!.p95);
          const faster = ratios.filter((r) => r < 0.9).length;
          const slower = ratios.filter((r) => r > 1.1).length;
          say(
            `${rep.name} vs ${base.name}: faster (p95 ratio < 0.9) on ${faster} of ${ratios.length} operations, ` +
              `slower (> 1.1) on ${slower}, geometric mean of the p95 ratios ${geomean(ratios).toFixed(2)}×`,
          );
        }
      }
      say();
      await dropAlternatives(client);
    } finally {
      client.release();
    }
    say(`Total benchmark time ${ms(performance.now() - started)}; ${load()} at the end`);
  } finally {
    await app?.close().catch((e: unknown) => process.stderr.write(`closing the app: ${String(e)}\n`));
    await pool?.end().catch((e: unknown) => process.stderr.write(`closing the pool: ${String(e)}\n`));
    await db?.close().catch((e: unknown) => process.stderr.write(`dropping the database: ${String(e)}\n`));
  }
}

function verdict(key: string, stats: Stats): string {
  const target = key === 'midWhole' ? TARGETS.midSubtreeP95 : key === 'ancestors' ? TARGETS.ancestorsP95 : undefined;
  if (target === undefined) return '';
  return `[target p95 < ${target} ms: ${stats.p95 < target ? 'OK' : 'MISSED'}]  `;
}

function load(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`;
}

function geomean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

async function sequential<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

interface References {
  root: { id: string; path: string; children: number };
  mid: { id: string; path: string; size: number; children: number };
  leaf: { id: string; path: string; depth: number };
  branch: { id: string; path: string; size: number; parentId: string; otherParentId: string };
}

/** Fixed picks (by label rank), so runs are comparable; the branch lies outside the mid-level subtree. */
async function referenceUnits(client: pg.ClientBase): Promise<References> {
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> => {
    const { rows } = await client.query<T>(sql, params);
    if (!rows[0]) throw new Error(`no row for ${sql}`);
    return rows[0];
  };
  const count = async (sql: string, params: unknown[]) => (await q<{ n: number }>(sql, params)).n;
  const root = await q<{ id: string; path: string }>(`SELECT id, path::text AS path FROM units WHERE depth = 1 ORDER BY label LIMIT 1`);
  const mid = await q<{ id: string; path: string }>(`SELECT id, path::text AS path FROM units WHERE depth = 2 ORDER BY label OFFSET 14 LIMIT 1`);
  const leaf = await q<{ id: string; path: string; depth: number }>(
    `SELECT id, path::text AS path, depth FROM units WHERE path <@ $1::ltree ORDER BY depth DESC, label OFFSET 777 LIMIT 1`,
    [mid.path],
  );
  const source = await q<{ id: string }>(`SELECT id FROM units WHERE depth = 2 ORDER BY label OFFSET 3 LIMIT 1`);
  const target = await q<{ id: string }>(`SELECT id FROM units WHERE depth = 2 ORDER BY label OFFSET 22 LIMIT 1`);
  const branch = await q<{ id: string; path: string }>(`SELECT id, path::text AS path FROM units WHERE parent_id = $1 ORDER BY label LIMIT 1`, [source.id]);
  const subtreeSize = (path: string) => count(`SELECT count(*)::int AS n FROM units WHERE path <@ $1::ltree`, [path]);
  const childCount = (id: string) => count(`SELECT count(*)::int AS n FROM units WHERE parent_id = $1`, [id]);
  return {
    root: { ...root, children: await childCount(root.id) },
    mid: { ...mid, size: await subtreeSize(mid.path), children: await childCount(mid.id) },
    leaf,
    branch: { ...branch, size: await subtreeSize(branch.path), parentId: source.id, otherParentId: target.id },
  };
}

/** After an even number of moves the branch is back under its parent, in every representation. */
async function assertBranchHome(client: pg.ClientBase, branch: References['branch']): Promise<void> {
  const { rows: [state] } = await client.query<{ ltree: boolean; text: boolean; closure: number }>(
    `SELECT (SELECT parent_id = $2 AND path::text = $3 FROM units WHERE id = $1) AS ltree,
            (SELECT parent_id = $2 AND path_text = $3 FROM bench_alt.units WHERE id = $1) AS text,
            (SELECT count(*)::int FROM bench_alt.unit_closure c
             JOIN bench_alt.unit_closure b ON b.descendant_id = c.descendant_id AND b.ancestor_id = $1
             WHERE c.ancestor_id = $2 AND c.depth = b.depth + 1) AS closure`,
    [branch.id, branch.parentId, branch.path],
  );
  const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM units WHERE path <@ $1::ltree`, [branch.path])).rows;
  if (!state.ltree || !state.text || state.closure !== branch.size || n !== branch.size) throw new Error(`the branch did not come back: ${JSON.stringify(state)}, ${n} units`);
}

/** The plans of the service's tree queries (its SQL verbatim) and of its first subtree query. */
async function explain(client: pg.ClientBase, refs: References): Promise<void> {
  const nth = async (path: string, offset: number) =>
    (await client.query<{ path: string }>(`SELECT path::text AS path FROM units WHERE path <@ $1::ltree ORDER BY units.path OFFSET $2 LIMIT 1`, [path, offset])).rows[0]?.path ?? null;
  const midLast = await nth(refs.mid.path, Math.floor((refs.mid.size - 1) / PAGE) * PAGE - 1);
  const rootMiddle = await nth(refs.root.path, 60 * PAGE - 1);
  const cases: [string, string, unknown[]][] = [
    ['service: subtree(mid), first page', LTREE_SUBTREE_SQL, [refs.mid.path, PAGE + 1, null]],
    ['service: subtree(mid), last page', LTREE_SUBTREE_SQL, [refs.mid.path, PAGE + 1, midLast]],
    ['service: subtree(root), page 61', LTREE_SUBTREE_SQL, [refs.root.path, PAGE + 1, rootMiddle]],
    ['before (<@): subtree(mid), first page', LTREE_SUBTREE_CONTAINMENT_SQL, [refs.mid.path, PAGE + 1, null]],
    ['before (<@): subtree(root), page 61', LTREE_SUBTREE_CONTAINMENT_SQL, [refs.root.path, PAGE + 1, rootMiddle]],
    ['service: ancestors(leaf)', LTREE_ANCESTORS_SQL, [refs.leaf.path, refs.leaf.id]],
  ];
  for (const [title, sql, params] of cases) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    say(`EXPLAIN ANALYZE ${title}`);
    for (const row of rows) say(`  ${row['QUERY PLAN']}`);
  }
  say();
}

main().catch((error: unknown) => {
  process.stderr.write(`tree benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
