/**
 * Transitions benchmark: the built API server against a real PostgreSQL, at each concurrency C,
 * in one run (issue 16):
 *
 *   plain      plain transitions through HTTP: each client moves its own plan RETURN, SUBMIT,
 *              RETURN, … (authenticated, authorised, versioned, hash-chained; nothing rendered)
 *   physical   the physical limit: the minimal audited transaction on a scratch pair of tables
 *              (a row with state, version and last hash; an audit table keyed by row and
 *              sequence): BEGIN, SELECT … FOR UPDATE, UPDATE, INSERT, COMMIT through `pg` with
 *              prepared statements. Target plain/physical ≥ 0.25.
 *   own        the same statements on the project's own `plans` and `audit_entries`, with their
 *              indexes and the canonical-JSON hash. Target plain/own ≥ 0.5.
 *   no-op      the authenticated no-op floor: GET /auth/me
 *   lifecycle  whole lifecycles (create, SUBMIT, ISSUE, START, OPEN_REPORTING, WAIVE of each tracked
 *              assignment, REVIEW): create and ISSUE p50/p99 (budgets at C = 4: create p50 ≤ 15 ms,
 *              ISSUE p50 ≤ 40 ms and p99 ≤ 150 ms)
 *   create     (only when named in BENCH_KINDS) creates alone: each client POSTs complete plans, nothing
 *              else; p50/p99, CPU and statements per create (A/B with BENCH_AB_MAIN)
 *
 * then the render's CPU per ISSUE: the PDF models the lifecycles' ISSUEs stored, rendered again in
 * this process (first render, fonts parsed, apart from the steady state). CPU per plain event is
 * read from /proc: the API process and the bench database's PostgreSQL backends.
 *
 * The machine is small and shared, so for each C the kinds are measured in alternating slices
 * (the order rotates each round), each after a short warm-up of its own: a burst of other work on
 * the machine then weighs on every side of the ratios alike.
 *
 *   npm run bench:transitions                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:transitions  a throw-away database on that server
 *   BENCH_CONCURRENCY=4,16                    the client counts, in order
 *   BENCH_SECONDS=15                          measured seconds per kind and C (split into the slices)
 *   BENCH_ROUNDS=3                            slices per kind and C
 *   BENCH_WARMUP_SECONDS=1.5                  unmeasured warm-up before each slice
 *   BENCH_LOG_LEVEL=warn                      the server's LOG_LEVEL
 *   BENCH_CPU_PROF=<folder>                   run the server with --cpu-prof; the profile is written there on exit
 *   BENCH_KINDS=plain,physical,own,noop,lifecycle   the kinds measured (all by default; `create` only when named)
 *   BENCH_AB_MAIN=<other build>/dist/apps/api/src/main.js   A/B: a second server from another build (say the
 *                                             commit before a cut) on the same database; its plain, no-op and
 *                                             create slices alternate with this build's, and both are reported
 * With pg_stat_statements in the bench database (preloaded by the embedded server; on a DATABASE_URL
 * server only if it preloads it), the statements the plain slices ran are printed per plain event,
 * and those of the create slices per create.
 *
 *   BENCH_IDEMPOTENCY_KEYS=1                  plain events carry a fresh Idempotency-Key, as the web client's do
 *   BENCH_WITH_AUDIT_LOG=1                    (npm run bench:transitions-with-writer) adds HTTP slices with the transparency
 *                                             log's writer appending every second meanwhile, and their ratio to plain HTTP
 *
 * ISSUE renders and signs (PAdES) the plan in its transaction: after the table, the signature's
 * own cost is measured in this process over an issued plan's rendered bytes (CPU per ISSUE), next
 * to ISSUE's p50/p99 at C = 4 over HTTP and the API's CPU per write, as its baseline.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import canonicalize from 'canonicalize';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditLogWriter, LogKeys } from '@app/audit-log';
import { dataSourceOptions, loadConfig } from '@app/core';
import { DEMO_PASSWORD } from '@app/demo';
import { renderPdf, type PlanDocument } from '@app/render';
import { MIGRATIONS } from '../migrations/index.js';
import { SigningKeys, signPdf, verifyPdf } from '@app/signing';
import { JsonClient } from './support/transitions-client.js';
import { freePort, openThrowawayDatabase, type ThrowawayDatabase } from './support/transitions-database.js';
import { addCpu, CpuMeter, fixed, int, latency, NO_CPU, table, type CpuUse, type Latency } from './support/transitions-measure.js';
import { completePlan, demoUnitIds, EVENTS, eventBody, senderOf, TALLIED, waiveBody, type Session, type TalliedEvent, type UnitKey } from './support/transitions-plans.js';
import { startApi, type ApiProcess } from './support/transitions-server.js';
import { StatementStats } from './support/transitions-statements.js';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '4,16').split(',').map((s) => Number(s.trim()));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1.5);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const SLICE_MS = (SECONDS * 1000) / ROUNDS;
/** Plain transitions through HTTP against the physical limit, and against the same statements on the project's tables. */
const TARGET_PHYSICAL = 0.25;
const TARGET_OWN = 0.5;
type Kind = 'plain' | 'physical' | 'own' | 'noop' | 'lifecycle' | 'create';
const ALL_KINDS: Kind[] = ['plain', 'physical', 'own', 'noop', 'lifecycle'];
const KNOWN_KINDS: Kind[] = [...ALL_KINDS, 'create'];
const AB_MAIN = process.env.BENCH_AB_MAIN;
const KINDS = (process.env.BENCH_KINDS?.split(',').map((k) => k.trim()) ?? ALL_KINDS).filter((k): k is Kind => (KNOWN_KINDS as string[]).includes(k));
const WITH_AUDIT_LOG = process.env.BENCH_WITH_AUDIT_LOG === '1';
/** The web client sends a fresh key with every event: a lookup before the transaction and an insert in it. */
const IDEMPOTENCY_KEYS = process.env.BENCH_IDEMPOTENCY_KEYS === '1';
/** The writer's slowdown of transitions the issue allows: less than 5 %. */
const AUDIT_LOG_TARGET = 0.95;

const say = (line = '') => process.stdout.write(`${line}\n`);

/** One measured slice: warm-up, then SLICE_MS counted; work that ends in the window counts. */
class Slice {
  readonly startsAt: number;
  readonly endsAt: number;
  constructor(warmupSeconds = WARMUP_SECONDS) {
    this.startsAt = performance.now() + warmupSeconds * 1000;
    this.endsAt = this.startsAt + SLICE_MS;
  }
  counts(at: number): boolean {
    return at >= this.startsAt && at <= this.endsAt;
  }
  over(): boolean {
    return performance.now() > this.endsAt;
  }
  /** Waits for the window, measuring CPU over exactly it. */
  async measure(meter: CpuMeter): Promise<CpuUse> {
    await sleepUntil(this.startsAt);
    meter.begin();
    await sleepUntil(this.endsAt);
    return meter.end();
  }
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
}

/** Runs `count` workers until the slice is over; the first failure stops all and is thrown. */
async function runWorkers(count: number, work: (worker: number, failed: () => boolean) => Promise<void>, slice: Slice, meter: CpuMeter): Promise<CpuUse> {
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: count }, (_, w) =>
    work(w, () => failure !== undefined).catch((error: unknown) => {
      failure ??= { error };
    }),
  );
  // Both: a race let workers that ended before the window's timer fired (a loaded machine delays
  // timers) report no CPU at all for the slice.
  const [cpu] = await Promise.all([slice.measure(meter), Promise.all(workers)]);
  if (failure) throw failure.error;
  return cpu;
}

/**
 * `count` workers repeat `step` (worker, round) for one fresh slice; each step's latency is kept
 * in `samples` when it ended inside the measured window. Returns the window's CPU.
 */
async function repeatSlice(count: number, meter: CpuMeter, samples: number[], step: (worker: number, round: number) => Promise<void>): Promise<CpuUse> {
  const slice = new Slice();
  return runWorkers(
    count,
    async (w, failed) => {
      for (let round = 0; !failed() && !slice.over(); round++) {
        const t = performance.now();
        await step(w, round);
        const done = performance.now();
        if (slice.counts(done)) samples.push(done - t);
      }
    },
    slice,
    meter,
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP: whole lifecycles through the built server

interface HttpTally {
  events: number[];
  creates: number[];
  byEvent: Record<TalliedEvent, number[]>;
  lifecycles: number;
  cpu: CpuUse;
}

const newHttpTally = (): HttpTally => ({
  events: [],
  creates: [],
  byEvent: Object.fromEntries(TALLIED.map((e) => [e, [] as number[]])) as Record<TalliedEvent, number[]>,
  lifecycles: 0,
  cpu: NO_CPU,
});

let planNo = 0;

async function httpSlice(
  client: JsonClient,
  session: Session,
  units: Record<UnitKey, string>,
  concurrency: number,
  meter: CpuMeter,
  tally: HttpTally,
  warmupSeconds?: number,
): Promise<void> {
  const slice = new Slice(warmupSeconds);
  const lifecycle = async (failed: () => boolean) => {
    let t = performance.now();
    const plan = await client.send<{ id: string; version: number }>('POST', '/plans', session.drafter, completePlan(units, ++planNo));
    let done = performance.now();
    if (slice.counts(done)) tally.creates.push(done - t);
    let version = plan.version;
    const count = (type: TalliedEvent, started: number, ended: number) => {
      if (!slice.counts(ended)) return;
      tally.events.push(ended - started);
      tally.byEvent[type].push(ended - started);
    };
    for (const type of EVENTS) {
      if (failed() || slice.over()) return;
      if (type === 'REVIEW') {
        const assignments = await client.send<{ id: string; version: number }[]>('GET', `/plans/${plan.id}/assignments`, session.monitor);
        for (const assignment of assignments) {
          t = performance.now();
          await client.send('POST', `/assignments/${assignment.id}/events`, session.monitor, waiveBody(assignment.version));
          count('WAIVE', t, performance.now());
        }
      }
      t = performance.now();
      const result = await client.send<{ version: number }>('POST', `/plans/${plan.id}/events`, senderOf(type, session), eventBody(type, version));
      done = performance.now();
      if (result.version !== version + 1) throw new Error(`${type} moved plan ${plan.id} from version ${version} to ${result.version}`);
      version = result.version;
      count(type, t, done);
    }
    if (slice.counts(done)) tally.lifecycles++;
  };
  const cpu = await runWorkers(
    concurrency,
    async (_, failed) => {
      while (!failed() && !slice.over()) await lifecycle(failed);
    },
    slice,
    meter,
  );
  tally.cpu = addCpu(tally.cpu, cpu);
}

// ---------------------------------------------------------------------------------------------
// HTTP: plain transitions (RETURN and SUBMIT of a plan each client owns) and the no-op floor

interface PlainTally {
  events: number[];
  cpu: CpuUse;
}

/** A submitted plan of one client, and the version it is at. */
interface OwnPlan {
  id: string;
  version: number;
  submitted: boolean;
}

/** One submitted plan per client, created once and moved on by every plain slice. */
async function plainPlans(client: JsonClient, session: Session, units: Record<UnitKey, string>, count: number): Promise<OwnPlan[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const plan = await client.send<{ id: string; version: number }>('POST', '/plans', session.drafter, completePlan(units, ++planNo));
      const submitted = await client.send<{ version: number }>('POST', `/plans/${plan.id}/events`, session.drafter, { type: 'SUBMIT', expectedVersion: plan.version });
      return { id: plan.id, version: submitted.version, submitted: true };
    }),
  );
}

const RETURN_COMMENT = 'Bổ sung thời hạn báo cáo của các đơn vị.';

async function plainSlice(client: JsonClient, session: Session, plans: OwnPlan[], meter: CpuMeter, tally: PlainTally): Promise<void> {
  const cpu = await repeatSlice(plans.length, meter, tally.events, async (w) => {
    const plan = plans[w];
    const key = IDEMPOTENCY_KEYS ? { 'idempotency-key': randomUUID() } : undefined;
    const result = plan.submitted
      ? await client.send<{ version: number }>('POST', `/plans/${plan.id}/events`, session.secretary, { type: 'RETURN', expectedVersion: plan.version, comment: RETURN_COMMENT }, key)
      : await client.send<{ version: number }>('POST', `/plans/${plan.id}/events`, session.drafter, { type: 'SUBMIT', expectedVersion: plan.version }, key);
    if (result.version !== plan.version + 1) throw new Error(`Plan ${plan.id} moved from version ${plan.version} to ${result.version}`);
    plan.version = result.version;
    plan.submitted = !plan.submitted;
  });
  tally.cpu = addCpu(tally.cpu, cpu);
}

/** Creates done by a build's create slices, warm-ups included (what the statement counters run over). */
const creates = { this: 0, base: 0 };

async function createSlice(client: JsonClient, session: Session, units: Record<UnitKey, string>, concurrency: number, meter: CpuMeter, tally: PlainTally, build: keyof typeof creates): Promise<void> {
  const cpu = await repeatSlice(concurrency, meter, tally.events, async () => {
    const plan = await client.send<{ version: number }>('POST', '/plans', session.drafter, completePlan(units, ++planNo));
    if (plan.version !== 1) throw new Error(`A new plan is at version ${plan.version}`);
    creates[build]++;
  });
  tally.cpu = addCpu(tally.cpu, cpu);
}

async function noopSlice(client: JsonClient, token: string, concurrency: number, meter: CpuMeter, tally: PlainTally): Promise<void> {
  const cpu = await repeatSlice(concurrency, meter, tally.events, async () => {
    await client.send('GET', '/auth/me', token);
  });
  tally.cpu = addCpu(tally.cpu, cpu);
}

// ---------------------------------------------------------------------------------------------
// The physical limit: the minimal audited transaction on a scratch pair of tables

const PHYSICAL_SCHEMA = `
  CREATE TABLE bench_physical_rows (id int PRIMARY KEY, state text NOT NULL, version int NOT NULL, last_hash text);
  CREATE TABLE bench_physical_audit (row_id int NOT NULL, seq int NOT NULL, at timestamptz NOT NULL, event text NOT NULL,
    from_state text NOT NULL, to_state text NOT NULL, hash text NOT NULL, PRIMARY KEY (row_id, seq))`;

const PHYSICAL = {
  lock: { name: 'physical-lock', text: 'SELECT state, version, last_hash FROM bench_physical_rows WHERE id = $1 FOR UPDATE' },
  update: { name: 'physical-update', text: 'UPDATE bench_physical_rows SET state = $2, version = version + 1, last_hash = $3 WHERE id = $1' },
  insert: { name: 'physical-insert', text: 'INSERT INTO bench_physical_audit (row_id, seq, at, event, from_state, to_state, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)' },
};

async function physicalTransition(pool: pg.Pool, id: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ state: string; version: number; last_hash: string | null }>({ ...PHYSICAL.lock, values: [id] });
    const row = rows[0];
    const to = row.state === 'a' ? 'b' : 'a';
    const at = new Date();
    const hash = createHash('sha256').update(`${row.last_hash ?? ''}|${id}|${row.version + 1}|${to}|${at.toISOString()}`).digest('hex');
    await client.query({ ...PHYSICAL.update, values: [id, to, hash] });
    await client.query({ ...PHYSICAL.insert, values: [id, row.version + 1, at, 'MOVE', row.state, to, hash] });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function physicalSlice(pool: pg.Pool, concurrency: number, meter: CpuMeter, tally: RawTally): Promise<void> {
  const cpu = await repeatSlice(concurrency, meter, tally.transitions, (w) => physicalTransition(pool, w + 1));
  tally.cpu = addCpu(tally.cpu, cpu);
}

// ---------------------------------------------------------------------------------------------
// Raw SQL: the minimal statements of an audited transition through `pg`

interface RawTally {
  transitions: number[];
  cpu: CpuUse;
}

/** Any valid states will do: the raw path runs no machine. */
const RAW_STEPS: Record<string, { event: string; to: string }> = {
  issued: { event: 'START', to: 'implementing' },
  implementing: { event: 'OPEN_REPORTING', to: 'reporting' },
  reporting: { event: 'REVIEW', to: 'reviewed' },
  reviewed: { event: 'START', to: 'issued' },
};

/** The same fields, canonical JSON (RFC 8785) and SHA-256 as the application's hash chain. */
function hashEntry(entry: Record<string, unknown> & { at: Date }): string {
  const canonical = canonicalize({ ...entry, at: entry.at.toISOString() });
  if (canonical === undefined) throw new Error('Audit entry cannot be serialised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const INSERT_AUDIT = `INSERT INTO audit_entries (subject_type, subject_id, seq, at, actor_user_id, actor_role, actor_unit_id,
    on_behalf_of, event, from_state, to_state, comment, payload, request_id, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

async function rawTransition(pool: pg.Pool, id: string, actor: { userId: string; unitId: string }): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ state: string; version: number; audit_seq: number; audit_hash: string | null }>(
      'SELECT id, state, version, audit_seq, audit_hash FROM plans WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = rows[0];
    const step = RAW_STEPS[row.state] ?? { event: 'START', to: 'implementing' };
    const at = new Date();
    const entry = {
      subjectType: 'plan', subjectId: id, seq: row.audit_seq + 1, at, actorUserId: actor.userId, actorRole: 'monitor',
      actorUnitId: actor.unitId, onBehalfOf: null, event: step.event, fromState: row.state, toState: step.to, comment: null,
      payload: {}, requestId: randomUUID(), prevHash: row.audit_hash,
    };
    const hash = hashEntry(entry);
    await client.query(
      'UPDATE plans SET state = $2, version = version + 1, audit_seq = audit_seq + 1, audit_hash = $3, updated_at = $4 WHERE id = $1',
      [id, step.to, hash, at],
    );
    await client.query(INSERT_AUDIT, [
      entry.subjectType, entry.subjectId, entry.seq, entry.at, entry.actorUserId, entry.actorRole, entry.actorUnitId, entry.onBehalfOf,
      entry.event, entry.fromState, entry.toState, entry.comment, entry.payload, entry.requestId, entry.prevHash, hash,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function rawSlice(pool: pg.Pool, rowsOf: string[][], actor: { userId: string; unitId: string }, meter: CpuMeter, tally: RawTally): Promise<void> {
  const cpu = await repeatSlice(rowsOf.length, meter, tally.transitions, (w, round) => rawTransition(pool, rowsOf[w][round % rowsOf[w].length], actor));
  tally.cpu = addCpu(tally.cpu, cpu);
}

// ---------------------------------------------------------------------------------------------

interface Result {
  concurrency: number;
  plain: PlainTally;
  physical: RawTally;
  own: RawTally;
  noop: PlainTally;
  /** The A/B baseline build's plain events and no-ops (BENCH_AB_MAIN). */
  plainBase: PlainTally;
  noopBase: PlainTally;
  /** Creates alone (the `create` kind), this build's and the A/B baseline build's. */
  create: PlainTally;
  createBase: PlainTally;
  http: HttpTally;
  /** HTTP slices with the log writer running (BENCH_WITH_AUDIT_LOG). */
  httpWithLog?: HttpTally;
}

/** The transparency log's writer, appending every second (its default is every 5 s), until stopped. */
function runLogWriter(writer: AuditLogWriter): () => Promise<number> {
  let stopped = false;
  let appended = 0;
  const loop = (async () => {
    while (!stopped) {
      appended += (await writer.appendAll()).appended;
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return appended;
  };
}

const perSecond = (n: number) => n / SECONDS;
const ms = (l: Latency) => `${fixed(l.p50, 2)} / ${fixed(l.p99, 2)}`;
const ratio = (a: number, b: number) => (a > 0 && b > 0 ? (a / b).toFixed(2) : '–');

/** CPU of a render in this process, ms: the first (fonts parsed) and the steady state over the stored models. */
interface RenderCpu {
  documents: number;
  first: number;
  steady: number;
  pages: number;
}

async function renderCpu(url: string): Promise<RenderCpu | undefined> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ model: PlanDocument; size: number }>('SELECT model, octet_length(pdf) AS size FROM plan_documents ORDER BY rendered_at DESC LIMIT 20');
    if (rows.length === 0) return undefined;
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let t = cpuMs();
    const first = await renderPdf(rows[0].model);
    const firstCpu = cpuMs() - t;
    const pages = (first.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    for (const r of rows) await renderPdf(r.model); // warm
    const passes = 3;
    t = cpuMs();
    for (let i = 0; i < passes; i++) for (const r of rows) await renderPdf(r.model);
    return { documents: rows.length, first: firstCpu, steady: (cpuMs() - t) / (passes * rows.length), pages };
  } finally {
    await db.end();
  }
}

function report(results: Result[], serverVersion: string, render: RenderCpu | undefined): void {
  say();
  say(`Summary: transitions/s over ${SECONDS} s per kind and C`);
  say('  plain = RETURN/SUBMIT through HTTP; physical = minimal audited transaction on scratch tables; own = the same statements on plans/audit_entries');
  say(
    table([
      ['C', 'plain/s', 'physical/s', 'own/s', 'plain/physical', 'plain/own', 'plain p50/p99 ms', 'physical p50/p99 ms', 'own p50/p99 ms', 'no-op /auth/me/s', 'no-op p50/p99 ms'],
      ...results.map((r) => [
        String(r.concurrency),
        int(perSecond(r.plain.events.length)),
        int(perSecond(r.physical.transitions.length)),
        int(perSecond(r.own.transitions.length)),
        ratio(r.plain.events.length, r.physical.transitions.length),
        ratio(r.plain.events.length, r.own.transitions.length),
        ms(latency(r.plain.events)),
        ms(latency(r.physical.transitions)),
        ms(latency(r.own.transitions)),
        int(perSecond(r.noop.events.length)),
        ms(latency(r.noop.events)),
      ]),
    ]),
  );
  say();
  say('CPU per operation, ms (from /proc over the measured windows): API = the server process, PG = the bench database\'s backends, bench = this process');
  const each = (seconds: number, n: number) => (n > 0 ? ((seconds * 1000) / n).toFixed(3) : '–');
  say(
    table([
      ['C', 'kind', 'ops/s', 'API ms/op', 'PG ms/op', 'bench ms/op', 'machine cores', 'other cores'],
      ...results.flatMap((r) => {
        const row = (kind: string, n: number, cpu: CpuUse, api: boolean) => n === 0 ? [] : [
          String(r.concurrency),
          kind,
          int(perSecond(n)),
          api ? each(cpu.server, n) : '–',
          each(cpu.database, n),
          each(cpu.self, n),
          (cpu.machine / SECONDS).toFixed(2),
          (cpu.other / SECONDS).toFixed(2),
        ];
        return [
          row('plain event', r.plain.events.length, r.plain.cpu, true),
          row('no-op GET /auth/me', r.noop.events.length, r.noop.cpu, true),
          row('create POST /plans', r.create.events.length, r.create.cpu, true),
          ...(AB_MAIN
            ? [
                row('plain event, A/B baseline build', r.plainBase.events.length, r.plainBase.cpu, true),
                row('no-op, A/B baseline build', r.noopBase.events.length, r.noopBase.cpu, true),
                row('create, A/B baseline build', r.createBase.events.length, r.createBase.cpu, true),
              ]
            : []),
          row('physical txn', r.physical.transitions.length, r.physical.cpu, false),
          row('own-tables txn', r.own.transitions.length, r.own.cpu, false),
          row('lifecycle write', r.http.events.length + r.http.creates.length, r.http.cpu, true),
        ].filter((cells) => cells.length > 0);
      }),
    ]),
  );
  if (AB_MAIN) {
    say();
    say(`A/B against the baseline build ${AB_MAIN} (same database, alternating slices): plain/s, p50/p99, API ms per plain event`);
    const api = (t: PlainTally) => (t.events.length ? ((t.cpu.server * 1000) / t.events.length).toFixed(3) : '–');
    say(
      table([
        ['C', 'this build plain/s', 'baseline plain/s', 'this p50/p99 ms', 'baseline p50/p99 ms', 'this API ms/event', 'baseline API ms/event', 'this PG ms/event', 'baseline PG ms/event'],
        ...results.map((r) => [
          String(r.concurrency),
          int(perSecond(r.plain.events.length)),
          int(perSecond(r.plainBase.events.length)),
          ms(latency(r.plain.events)),
          ms(latency(r.plainBase.events)),
          api(r.plain),
          api(r.plainBase),
          r.plain.events.length ? ((r.plain.cpu.database * 1000) / r.plain.events.length).toFixed(3) : '–',
          r.plainBase.events.length ? ((r.plainBase.cpu.database * 1000) / r.plainBase.events.length).toFixed(3) : '–',
        ]),
      ]),
    );
  }
  if (KINDS.includes('create')) {
    say();
    say(`Creates alone (POST /plans of a complete plan, nothing else running): p50/p99 ms, API and PG ms per create; budget at C = 4: p50 ≤ 15${AB_MAIN ? '; A/B against the baseline build' : ''}`);
    const each = (t: PlainTally, cpu: number) => (t.events.length ? ((cpu * 1000) / t.events.length).toFixed(3) : '–');
    const cells = (t: PlainTally) => [int(perSecond(t.events.length)), ms(latency(t.events)), each(t, t.cpu.server), each(t, t.cpu.database)];
    say(
      table([
        ['C', 'creates/s', 'p50/p99 ms', 'API ms/create', 'PG ms/create', ...(AB_MAIN ? ['baseline creates/s', 'baseline p50/p99 ms', 'baseline API ms', 'baseline PG ms'] : [])],
        ...results.map((r) => [String(r.concurrency), ...cells(r.create), ...(AB_MAIN ? cells(r.createBase) : [])]),
      ]),
    );
  }
  say();
  say('Lifecycles: latency by request, ms (p50 / p99); budgets at C = 4: create p50 ≤ 15, ISSUE p50 ≤ 40 and p99 ≤ 150');
  say(
    table([
      ['C', 'create (POST /plans)', ...TALLIED, 'lifecycles/s'],
      ...results.map((r) => [String(r.concurrency), ms(latency(r.http.creates)), ...TALLIED.map((e) => ms(latency(r.http.byEvent[e]))), fixed(perSecond(r.http.lifecycles), 1)]),
    ]),
  );
  say();
  if (render) {
    say(`Render CPU per ISSUE (own layout on pdfkit, this process, ${render.documents} stored models of the lifecycles' ISSUEs, ${render.pages} page(s) each):`);
    say(`  first render ${fixed(render.first, 1)} ms (fonts parsed), then ${fixed(render.steady, 1)} ms each (target ≤ 10 ms)`);
  }
  const judge = (name: string, target: number, values: number[]) =>
    say(`Target: plain/${name} ≥ ${target} at every C: ${values.length && Math.min(...values) >= target ? 'met' : `NOT met (lowest ${fixed(Math.min(...values), 2)})`}`);
  judge('physical', TARGET_PHYSICAL, results.filter((r) => r.physical.transitions.length).map((r) => r.plain.events.length / r.physical.transitions.length));
  judge('own', TARGET_OWN, results.filter((r) => r.own.transitions.length).map((r) => r.plain.events.length / r.own.transitions.length));
  say(`PostgreSQL: ${serverVersion}`);
}

/**
 * The signature's share of ISSUE. PAdES-B-B signing (libs/signing's lean writer: read the
 * rendered PDF's xref and first page, append the incremental update, CMS from parts cached per
 * signer, with an RSA-2048 demo key) timed alone in this process, N times over
 * the rendered bytes of a plan the bench issued; its baseline is the same run's API CPU per write
 * and ISSUE's latency at C = 4, which include it.
 */
async function signatureCost(baseUrl: string, token: string, databaseUrl: string, results: Result[]): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let planId: string;
  try {
    planId = (await pool.query<{ id: string }>('SELECT plan_id AS id FROM plan_documents ORDER BY rendered_at DESC LIMIT 1')).rows[0].id;
  } finally {
    await pool.end();
  }
  const signed = Buffer.from(await (await fetch(`${baseUrl}/plans/${planId}/document.pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
  // pdfkit writes one %%EOF; the signature is the incremental update after it.
  const rendered = signed.subarray(0, signed.indexOf('%%EOF') + 6);
  const keys = await SigningKeys.load({ demoDir: join(mkdtempSync(join(tmpdir(), 'pc-bench-sign-')), 'signing'), trustAnchorFiles: [] });
  const signer = (await keys.signerFor({ id: randomUUID(), name: 'Bench' }))!;
  const sign = () => signPdf(rendered, signer, { signingTime: new Date(), reason: 'bench' });
  for (let i = 0; i < 5; i++) await sign();
  const N = 40;
  const measure = async (work: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (let i = 0; i < N; i++) await work();
    const used = process.cpuUsage(cpu);
    return { cpu: (used.user + used.system) / 1000 / N, wall: (performance.now() - wall) / N };
  };
  const signing = await measure(sign);
  const one = await sign();
  const verifying = await measure(() => verifyPdf(one, keys.trustAnchors));
  say();
  say(`Signature:  PAdES-B-B over a ${int(rendered.length / 1024)} KB plan (RSA-2048, in-process, N = ${N}): ${fixed(signing.cpu, 1)} ms CPU per ISSUE (${fixed(signing.wall, 1)} ms wall); verifying it ${fixed(verifying.cpu, 1)} ms CPU`);
  const c4 = results.find((r) => r.concurrency === 4);
  if (c4) {
    const issue = latency(c4.http.byEvent.ISSUE);
    const writes = c4.http.events.length + c4.http.creates.length;
    const apiPerWrite = (c4.http.cpu.server * 1000) / writes;
    say(
      `ISSUE at C = 4 (render + sign + commit, over HTTP): p50 ${fixed(issue.p50, 1)} ms, p99 ${fixed(issue.p99, 1)} ms (n = ${issue.n}); ` +
        `the signature is ${fixed(signing.cpu / apiPerWrite, 2)}× the API's mean CPU per write at C = 4 (${fixed(apiPerWrite, 2)} ms)`,
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let db: ThrowawayDatabase | undefined;
  let api: ApiProcess | undefined;
  let base: ApiProcess | undefined;
  let client: JsonClient | undefined;
  let baseClient: JsonClient | undefined;
  let logSource: DataSource | undefined;
  let statements: StatementStats | undefined;
  try {
    db = await openThrowawayDatabase();
    const databaseName = new URL(db.url).pathname.slice(1);
    say(`PostgreSQL: ${db.serverVersion}`);
    say(`Database:   ${db.where}`);
    const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
    const apiEnv = {
      DEMO_DATA: 'true',
      // The plans the clients move are the pre-2025 tree's (Quận ủy Long Biên and its wards).
      DEMO_REORGANISATION: 'false',
      ADMIN_USERNAME: 'bench-admin',
      ADMIN_PASSWORD: 'bench-admin-password-2026',
      JWT_SECRET: `bench-${randomUUID()}-${randomUUID()}`,
      JWT_ACCESS_TTL_SECONDS: '3600',
      LOG_LEVEL,
      // The plans' dates are in 2016: the deadline sweep would mark every assignment overdue
      // while the clients move it (bench:deadlines measures the jobs).
      JOBS_ENABLED: 'false',
      // The demo CA and the issuers' demo certificates: thrown away with the run.
      SIGNING_DEMO_DIR: join(mkdtempSync(join(tmpdir(), 'pc-bench-keys-')), 'signing'),
    };
    api = await startApi({
      databaseUrl: db.url,
      port: await freePort(),
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      env: apiEnv,
    });
    say(`API:        the built server (node ${process.version}, pid ${api.pid}) at ${api.baseUrl}, LOG_LEVEL=${LOG_LEVEL}`);
    if (AB_MAIN) {
      base = await startApi({ databaseUrl: db.url, port: await freePort(), main: AB_MAIN, env: apiEnv });
      say(`A/B:        the baseline build ${AB_MAIN} (pid ${base.pid}) at ${base.baseUrl}`);
    }
    if (IDEMPOTENCY_KEYS) say('Keys:       every plain event carries a fresh Idempotency-Key');
    say(`Runs:       C = ${CONCURRENCY.join(', ')}; per C and kind ${ROUNDS} slices of ${fixed(SLICE_MS / 1000, 1)} s measured, each after ${WARMUP_SECONDS} s warm-up`);
    if (profileDir) say(`Profile:    the server's CPU profile goes to ${profileDir} when it stops`);

    client = new JsonClient(api.baseUrl, Math.max(...CONCURRENCY) * 2);
    const login = async (username: string) =>
      (await client!.send<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password: DEMO_PASSWORD })).accessToken;
    const session: Session = { drafter: await login('lb.drafter'), secretary: await login('lb.secretary'), monitor: await login('lb.monitor') };
    const units = await demoUnitIds(client, session.drafter);
    const monitor = await client.send<{ id: string }>('GET', '/auth/me', session.monitor);
    const actor = { userId: monitor.id, unitId: units['lb-district-committee'] };
    const meter = new CpuMeter(databaseName, api.pid);
    const opened = await StatementStats.open(db.url);
    statements = typeof opened === 'string' ? undefined : opened;
    say(`Statements: ${statements ? 'pg_stat_statements, counted over the plain (and create) slices' : `pg_stat_statements unavailable (${opened}); no statement table`}`);
    // The A/B baseline build: its own client and sessions (the same JWT secret), and its own meter.
    if (base) baseClient = new JsonClient(base.baseUrl, Math.max(...CONCURRENCY) * 2);
    const baseLogin = async (username: string) =>
      (await baseClient!.send<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password: DEMO_PASSWORD })).accessToken;
    const baseSession: Session | undefined = base
      ? { drafter: await baseLogin('lb.drafter'), secretary: await baseLogin('lb.secretary'), monitor: await baseLogin('lb.monitor') }
      : undefined;
    const baseMeter = base ? new CpuMeter(databaseName, base.pid) : undefined;

    // Warms the server's code and both pools; not counted.
    say('Warm-up:    3 s of HTTP lifecycles at C = 4');
    await httpSlice(client, session, units, 4, meter, newHttpTally(), 3);

    let logWriter: AuditLogWriter | undefined;
    let logAppended = 0;
    if (WITH_AUDIT_LOG) {
      logSource = new DataSource(dataSourceOptions(db.url, MIGRATIONS));
      await logSource.initialize();
      logWriter = new AuditLogWriter(logSource, new LogKeys(loadConfig({ LOG_LEVEL: 'silent' })));
      await logWriter.appendAll();
      say('Log writer: HTTP slices with the transparency log\'s writer appending every second alternate with plain ones');
    }
    {
      const setup = new pg.Client({ connectionString: db.url });
      await setup.connect();
      await setup.query(PHYSICAL_SCHEMA);
      await setup.query(`INSERT INTO bench_physical_rows (id, state, version) SELECT g, 'a', 1 FROM generate_series(1, $1::int) g`, [Math.max(...CONCURRENCY)]);
      await setup.end();
    }
    // Each plain event moves its plan one version on: the events of a slice, its warm-up included.
    const counted = (label: string, plans: OwnPlan[], work: () => Promise<void>) =>
      statements ? statements.during(label, () => plans.reduce((n, p) => n + p.version, 0), work) : work();
    const countedCreates = (label: string, build: keyof typeof creates, work: () => Promise<void>) =>
      statements ? statements.during(label, () => creates[build], work) : work();
    const results: Result[] = [];
    for (const concurrency of CONCURRENCY) {
      const pool = new pg.Pool({ connectionString: db.url, max: concurrency, application_name: 'bench-raw' });
      try {
        // Plans the HTTP slices wrote, a few per raw worker, so that no two workers share a row.
        const { rows } = await pool.query<{ id: string }>('SELECT id FROM plans ORDER BY created_at DESC LIMIT $1', [concurrency * 8]);
        if (rows.length < concurrency) throw new Error(`The raw SQL slices need ${concurrency} plans, the database holds ${rows.length}`);
        const rowsOf = Array.from({ length: concurrency }, (_, w) => rows.filter((_, i) => i % concurrency === w).map((r) => r.id));
        const own = KINDS.includes('plain') ? await plainPlans(client, session, units, concurrency) : [];
        const ownBase = baseClient && KINDS.includes('plain') ? await plainPlans(baseClient, baseSession!, units, concurrency) : [];
        const result: Result = {
          concurrency,
          plain: { events: [], cpu: NO_CPU },
          physical: { transitions: [], cpu: NO_CPU },
          own: { transitions: [], cpu: NO_CPU },
          noop: { events: [], cpu: NO_CPU },
          plainBase: { events: [], cpu: NO_CPU },
          noopBase: { events: [], cpu: NO_CPU },
          create: { events: [], cpu: NO_CPU },
          createBase: { events: [], cpu: NO_CPU },
          http: newHttpTally(),
          httpWithLog: WITH_AUDIT_LOG ? newHttpTally() : undefined,
        };
        for (let round = 0; round < ROUNDS; round++) {
          // The order rotates each round, so that no kind always follows the same neighbour.
          const kinds: string[] = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length]);
          // A/B: the baseline build's slice right after (even rounds) or before (odd) this build's.
          if (base) {
            for (const kind of ['plain', 'noop', 'create']) {
              const at = kinds.indexOf(kind);
              if (at >= 0) kinds.splice(at + (round % 2 === 0 ? 1 : 0), 0, `${kind}@base`);
            }
          }
          // With the writer: lifecycle slices with it alternate with those without.
          if (WITH_AUDIT_LOG && KINDS.includes('lifecycle')) kinds.splice(kinds.indexOf('lifecycle') + (round % 2), 0, 'lifecycle+log');
          for (const kind of kinds) {
            if (kind === 'plain') await counted('plain', own, () => plainSlice(client!, session, own, meter, result.plain));
            else if (kind === 'physical') await physicalSlice(pool, concurrency, meter, result.physical);
            else if (kind === 'own') await rawSlice(pool, rowsOf, actor, meter, result.own);
            else if (kind === 'noop') await noopSlice(client, session.monitor, concurrency, meter, result.noop);
            else if (kind === 'plain@base') await counted('plain@base', ownBase, () => plainSlice(baseClient!, baseSession!, ownBase, baseMeter!, result.plainBase));
            else if (kind === 'noop@base') await noopSlice(baseClient!, baseSession!.monitor, concurrency, baseMeter!, result.noopBase);
            else if (kind === 'create') await countedCreates('create', 'this', () => createSlice(client!, session, units, concurrency, meter, result.create, 'this'));
            else if (kind === 'create@base') await countedCreates('create@base', 'base', () => createSlice(baseClient!, baseSession!, units, concurrency, baseMeter!, result.createBase, 'base'));
            else if (kind === 'lifecycle') await httpSlice(client, session, units, concurrency, meter, result.http);
            else if (kind === 'lifecycle+log') {
              const stop = runLogWriter(logWriter!);
              try {
                await httpSlice(client, session, units, concurrency, meter, result.httpWithLog!);
              } finally {
                logAppended += await stop();
              }
            }
          }
          const sofar = (n: number) => int(n / (((round + 1) * SLICE_MS) / 1000));
          say(
            `C = ${String(concurrency).padStart(2)}, round ${round + 1}/${ROUNDS}: so far plain ${sofar(result.plain.events.length)}/s, ` +
              `physical ${sofar(result.physical.transitions.length)}/s, own ${sofar(result.own.transitions.length)}/s, no-op ${sofar(result.noop.events.length)}/s, ` +
              `lifecycle events ${sofar(result.http.events.length)}/s${KINDS.includes('create') ? `, creates ${sofar(result.create.events.length)}/s` : ''}`,
          );
        }
        results.push(result);
      } finally {
        await pool.end();
      }
    }
    const render = KINDS.includes('lifecycle') ? await renderCpu(db.url) : undefined;
    report(results, db.serverVersion, render);
    if (statements) {
      say();
      say('Statements of the plain slices, all C (pg_stat_statements; per plain event, warm-ups included; ms = execution + planning):');
      say(statements.report('plain'));
      if (base) {
        say('The A/B baseline build\'s plain slices:');
        say(statements.report('plain@base'));
      }
      if (KINDS.includes('create')) {
        say('Statements of the create slices, all C (per create, warm-ups included):');
        say(statements.report('create', 24));
        if (base) {
          say('The A/B baseline build\'s create slices:');
          say(statements.report('create@base', 24));
        }
      }
    }
    if (WITH_AUDIT_LOG) {
      say();
      for (const r of results) {
        const plain = r.http.events.length / SECONDS;
        const withLog = r.httpWithLog!.events.length / SECONDS;
        say(`With the log writer, C = ${r.concurrency}: ${int(withLog)} transitions/s vs ${int(plain)} without: ratio ${fixed(withLog / plain, 3)} (target ≥ ${AUDIT_LOG_TARGET})`);
      }
      say(`Log writer appended ${int(logAppended)} entries during its slices`);
    }
    await signatureCost(api.baseUrl, session.secretary, db.url, results);
    say('Errors:     none (every response was 200/201)');
  } catch (error) {
    if (api) process.stderr.write(`The API's last output:\n${api.tail()}\n`);
    if (base) process.stderr.write(`The baseline API's last output:\n${base.tail()}\n`);
    throw error;
  } finally {
    client?.close();
    baseClient?.close();
    await statements?.close().catch(() => undefined);
    await base?.stop().catch((e: unknown) => say(`Stopping the baseline API failed: ${String(e)}`));
    await logSource?.destroy();
    await api?.stop().catch((e: unknown) => say(`Stopping the API failed: ${String(e)}`));
    await db?.close().catch((e: unknown) => say(`Dropping the bench database failed: ${String(e)}`));
    say(`Total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

// No process.exit: everything is closed, so the process ends by itself.
main().catch((error: unknown) => {
  process.stderr.write(`bench:transitions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
