/**
 * Transparency-log benchmark, on a throw-away database (DATABASE_URL's server, else an embedded
 * PostgreSQL):
 *
 *   1. appends: BENCH_LEAVES (10^6) audit entries committed, then the log writer appends them all
 *      (leaf per entry, perfect-subtree nodes, right edge, a signed checkpoint per batch). Baseline
 *      in the same run: reading the same entries and hashing them into a compact range in memory,
 *      i.e. the writer without its storage.
 *   2. proof latency at that size: inclusion proofs of random leaves and consistency proofs of
 *      random sizes, p50/p99, each as the service serves it (one query, O(log n) rows, folded).
 *      Baseline: one primary-key lookup of a stored node.
 *   3. offline verification of a BENCH_BUNDLE (10^5) entry bundle exported from that log
 *      (signature, every inclusion proof, every chain link). Baseline: parsing the file and
 *      recomputing the entries' chain hashes only (what verifying chains without the log costs).
 *
 *   npm run bench:audit-log
 *   BENCH_LEAVES=1000000 BENCH_BUNDLE=100000 BENCH_PROOFS=2000
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  AuditLogService, AuditLogWriter, CompactRange, formatSignerKey, leafHash, LogKeys, parseVerifierKey, verifyBundle, type AuditBundle,
} from '@app/audit-log';
import { dataSourceOptions, loadConfig } from '@app/core';
import { hashEntry, type AuditEntry } from '@app/transitions';
import { MIGRATIONS } from '../migrations/index.js';
import { openThrowawayDatabase } from './support/transitions-database.js';
import { fixed, int, latency, table } from './support/transitions-measure.js';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const BUNDLE = Number(process.env.BENCH_BUNDLE ?? 100_000);
const PROOFS = Number(process.env.BENCH_PROOFS ?? 2000);
const CHAIN = 5;
const INSERT_BATCH = 5000;
const ORIGIN = 'bench.plan-cascade.invalid/audit-log';

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (from: number) => (performance.now() - from) / 1000;

async function insertEntries(db: DataSource, unitA: string, unitB: string): Promise<void> {
  const prev = new Map<number, string>();
  const subjects = Math.ceil(LEAVES / CHAIN);
  const ids = Array.from({ length: subjects }, () => randomUUID());
  const bundleSubjects = Math.ceil(BUNDLE / CHAIN);
  let done = 0;
  const started = performance.now();
  while (done < LEAVES) {
    const rows: (AuditEntry & { hash: string })[] = [];
    for (let i = done; i < Math.min(LEAVES, done + INSERT_BATCH); i++) {
      // Chains interleave: subject s gets its k-th entry at i = k × subjects + s.
      const s = i % subjects;
      const seq = Math.floor(i / subjects) + 1;
      const entry: AuditEntry = {
        subjectType: 'bench', subjectId: ids[s], seq, at: new Date(Date.UTC(2026, 0, 1) + i), actorUserId: null, actorRole: 'secretary',
        actorUnitId: s < bundleSubjects ? unitA : unitB, onBehalfOf: null, event: 'STEP', fromState: 'a', toState: 'b',
        comment: `Bước ${seq} của hồ sơ ${s}`, payload: { n: i }, requestId: null, prevHash: prev.get(s) ?? null,
      };
      const hash = hashEntry(entry);
      prev.set(s, hash);
      rows.push({ ...entry, hash });
    }
    const col = <K extends keyof (AuditEntry & { hash: string })>(k: K) => rows.map((r) => r[k]);
    await db.query(
      `INSERT INTO audit_entries (subject_type, subject_id, seq, at, actor_role, actor_unit_id, event, from_state, to_state, comment, payload, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::text[])`,
      [col('subjectType'), col('subjectId'), col('seq'), col('at'), col('actorRole'), col('actorUnitId'), col('event'), col('fromState'), col('toState'),
        col('comment'), rows.map((r) => JSON.stringify(r.payload)), col('prevHash'), col('hash')],
    );
    done += rows.length;
    if (done % 100_000 === 0) process.stderr.write(`  ${int(done)} entries committed (${fixed(seconds(started), 0)} s)\n`);
  }
}

async function main(): Promise<void> {
  const database = await openThrowawayDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'pc-bench-audit-log-'));
  const db = new DataSource({ ...dataSourceOptions(database.url, MIGRATIONS), migrationsRun: true });
  try {
    await db.initialize();
    const signingKey = formatSignerKey(ORIGIN, Buffer.alloc(32, 7));
    const config = loadConfig({ AUDIT_LOG_ORIGIN: ORIGIN, AUDIT_LOG_SIGNING_KEY: signingKey, LOG_LEVEL: 'silent' });
    const keys = new LogKeys(config);
    const writer = new AuditLogWriter(db, keys);
    const log = new AuditLogService(db, writer, keys);
    say(`audit-log benchmark: ${int(LEAVES)} leaves, a ${int(BUNDLE)}-entry bundle, ${int(PROOFS)} proofs each`);
    say(`${database.where}; ${database.serverVersion.split(',')[0]}; Node ${process.version}`);
    say('The machine is shared with other work this session: figures are noisy, ratios less so.');
    say();

    const [a, b] = ['a', 'b'].map(() => randomUUID());
    for (const [id, path] of [[a, 'bench_a'], [b, 'bench_b']]) {
      await db.query(`INSERT INTO units (id, name, short_name, kind, path, symbol_style) VALUES ($1, $2, 'B', 'party_committee', $3::ltree, 'party')`, [id, `Bench ${path}`, path]);
    }
    process.stderr.write('committing entries…\n');
    await insertEntries(db, a, b);

    // 1. Appends, and the in-memory baseline over the same entries.
    let started = performance.now();
    const range = CompactRange.empty();
    for (let after = 0; ; ) {
      const rows: { id: string; hash: string }[] = await db.query(`SELECT e.id::text AS id, e.hash FROM audit_entries e WHERE e.id > $1 ORDER BY e.id LIMIT 50000`, [after]);
      if (rows.length === 0) break;
      for (const r of rows) range.append(leafHash(Buffer.from(r.hash, 'hex')));
      after = Number(rows[rows.length - 1].id);
    }
    range.root();
    const baselineAppend = LEAVES / seconds(started);
    process.stderr.write('appending…\n');
    started = performance.now();
    // Other sessions' open transactions (anywhere on the server) hold the writer's cut back a moment: retry until all are in.
    let total = 0;
    for (let waits = 0; total < LEAVES; waits++) {
      const step = await writer.appendAll();
      total += step.appended;
      if (total < LEAVES) {
        if (waits > 3000) throw new Error(`appended ${total}, expected ${LEAVES}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const appendRate = total / seconds(started);
    const [{ root }] = await db.query(`SELECT root FROM audit_log_checkpoints WHERE size = $1`, [LEAVES]);
    if (!Buffer.from(root).equals(range.root())) {
      const [order] = await db.query(`SELECT count(*)::int AS n FROM audit_log_leaves l JOIN audit_entries e ON e.id = l.entry_id WHERE l.idx <> e.id - 1`);
      throw new Error(`the stored tree's root differs from the in-memory one (${order.n} leaves out of id order)`);
    }

    // 2. Proof latency at LEAVES.
    const inclusion: number[] = [];
    const consistency: number[] = [];
    const lookup: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const index = Math.floor(Math.random() * LEAVES);
      let t0 = performance.now();
      await log.proveIndex(index, LEAVES);
      inclusion.push(performance.now() - t0);
      const from = 1 + Math.floor(Math.random() * (LEAVES - 1));
      t0 = performance.now();
      await db.query(`SELECT hash FROM audit_log_nodes WHERE level = 0 AND idx = $1`, [index]);
      lookup.push(performance.now() - t0);
      t0 = performance.now();
      await log.consistency(from, LEAVES);
      consistency.push(performance.now() - t0);
    }
    const [inc, con, one] = [latency(inclusion), latency(consistency), latency(lookup)];

    // 3. Offline verification of a bundle of BUNDLE entries.
    process.stderr.write('exporting…\n');
    started = performance.now();
    const bundle = await log.exportBundle(null, { unitId: a });
    const exportSeconds = seconds(started);
    const file = join(folder, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const pinned = [parseVerifierKey(keys.signer.text)];
    started = performance.now();
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as AuditBundle;
    const report = verifyBundle(parsed, { keys: pinned, hashEntry });
    const verifySeconds = seconds(started);
    started = performance.now();
    const again = JSON.parse(readFileSync(file, 'utf8')) as AuditBundle;
    for (const e of again.entries) {
      const { entryId: _i, index: _x, proof: _p, hash, ...fields } = e;
      if (hashEntry({ ...fields, at: new Date(e.at) }) !== hash) throw new Error('hash');
    }
    const chainsOnlySeconds = seconds(started);

    say(table([
      ['measure', 'figure', 'baseline (same run)', 'ratio'],
      ['appends/s (writer, stored)', int(appendRate), `${int(baselineAppend)} (in-memory compact range)`, fixed(appendRate / baselineAppend, 2)],
      [`inclusion proof p50 / p99 at ${int(LEAVES)} (ms)`, `${fixed(inc.p50, 2)} / ${fixed(inc.p99, 2)}`, `${fixed(one.p50, 2)} / ${fixed(one.p99, 2)} (one-row PK lookup)`, `${fixed(inc.p50 / one.p50, 1)} / ${fixed(inc.p99 / one.p99, 1)}`],
      [`consistency proof p50 / p99 at ${int(LEAVES)} (ms)`, `${fixed(con.p50, 2)} / ${fixed(con.p99, 2)}`, `${fixed(one.p50, 2)} / ${fixed(one.p99, 2)} (one-row PK lookup)`, `${fixed(con.p50 / one.p50, 1)} / ${fixed(con.p99 / one.p99, 1)}`],
      [`offline verification of ${int(report.entries)} entries (s)`, fixed(verifySeconds, 2), `${fixed(chainsOnlySeconds, 2)} (parse + chain hashes only)`, fixed(verifySeconds / chainsOnlySeconds, 2)],
      [`export of that bundle (s)`, fixed(exportSeconds, 2), '', ''],
    ]));
    say();
    say(`bundle: ${int(report.entries)} entries, ${int(report.chains)} chains, ${int(readFileSync(file).length / 1024)} KiB; checkpoint size ${int(report.checkpoint.size)}`);
  } finally {
    if (db.isInitialized) await db.destroy();
    rmSync(folder, { recursive: true, force: true });
    if (!process.env.BENCH_KEEP_DATABASE) await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
