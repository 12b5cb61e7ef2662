/**
 * Transitions benchmark: the built API server, against a real PostgreSQL, driven through whole
 * plan lifecycles (create, SUBMIT, ISSUE, START, OPEN_REPORTING, WAIVE of each tracked assignment, REVIEW) by C concurrent HTTP
 * clients; and, in the same run and on the same database, the physical limit: the minimal SQL
 * of an audited transition (lock the row, update state and version, insert one audit row,
 * commit) through the raw `pg` driver at the same concurrency. Prints transitions/s of both,
 * their ratio (target ≥ 0.5) and the HTTP transitions' p50/p99 latency.
 *
 * The machine is small and shared, so for each C the two kinds are measured in alternating
 * slices (HTTP, raw, raw, HTTP, HTTP, raw, …), each after a short warm-up of its own: a burst of
 * other work on the machine then weighs on both sides of the ratio alike.
 *
 *   npm run bench:transitions                 embedded PostgreSQL in a temporary folder
 *   DATABASE_URL=… npm run bench:transitions  a throw-away database on that server
 *   BENCH_CONCURRENCY=4,16                    the client counts, in order
 *   BENCH_SECONDS=15                          measured seconds per kind and C (split into the slices)
 *   BENCH_ROUNDS=3                            slices per kind and C
 *   BENCH_WARMUP_SECONDS=1.5                  unmeasured warm-up before each slice
 *   BENCH_LOG_LEVEL=warn                      the server's LOG_LEVEL
 *   BENCH_CPU_PROF=<folder>                   run the server with --cpu-prof; the profile is written there on exit
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
import { MIGRATIONS } from '../migrations/index.js';
import { SigningKeys, signPdf, verifyPdf } from '@app/signing';
import { JsonClient } from './support/transitions-client.js';
import { freePort, openThrowawayDatabase, type ThrowawayDatabase } from './support/transitions-database.js';
import { addCpu, CpuMeter, fixed, int, latency, NO_CPU, table, type CpuUse, type Latency } from './support/transitions-measure.js';
import { completePlan, demoUnitIds, EVENTS, eventBody, senderOf, TALLIED, waiveBody, type Session, type TalliedEvent, type UnitKey } from './support/transitions-plans.js';
import { startApi, type ApiProcess } from './support/transitions-server.js';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '4,16').split(',').map((s) => Number(s.trim()));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1.5);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const SLICE_MS = (SECONDS * 1000) / ROUNDS;
const TARGET_RATIO = 0.5;
const WITH_AUDIT_LOG = process.env.BENCH_WITH_AUDIT_LOG === '1';
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
  const cpu = await Promise.race([slice.measure(meter), Promise.all(workers).then(() => NO_CPU)]);
  await Promise.all(workers);
  if (failure) throw failure.error;
  return cpu;
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
  const slice = new Slice();
  const cpu = await runWorkers(
    rowsOf.length,
    async (w, failed) => {
      const ids = rowsOf[w];
      for (let i = 0; !failed() && !slice.over(); i++) {
        const t = performance.now();
        await rawTransition(pool, ids[i % ids.length], actor);
        const done = performance.now();
        if (slice.counts(done)) tally.transitions.push(done - t);
      }
    },
    slice,
    meter,
  );
  tally.cpu = addCpu(tally.cpu, cpu);
}

// ---------------------------------------------------------------------------------------------

interface Result {
  concurrency: number;
  http: HttpTally;
  raw: RawTally;
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
const ratioOf = (r: Result) => r.http.events.length / r.raw.transitions.length;
const ms = (l: Latency) => `${fixed(l.p50, 2)} / ${fixed(l.p99, 2)}`;

function report(results: Result[], serverVersion: string): void {
  say();
  say(`Summary: transitions/s over ${SECONDS} s per kind and C; an HTTP transition is one of the 5 lifecycle events (creation counted apart)`);
  say(
    table([
      ['C', 'HTTP transitions/s', 'raw SQL transitions/s', 'ratio HTTP/raw', 'HTTP p50 ms', 'HTTP p99 ms', 'creates/s', 'lifecycles/s', 'raw p50 ms', 'raw p99 ms'],
      ...results.map((r) => {
        const h = latency(r.http.events);
        const raw = latency(r.raw.transitions);
        return [
          String(r.concurrency),
          int(perSecond(r.http.events.length)),
          int(perSecond(r.raw.transitions.length)),
          ratioOf(r).toFixed(2),
          fixed(h.p50, 2),
          fixed(h.p99, 2),
          fixed(perSecond(r.http.creates.length)),
          fixed(perSecond(r.http.lifecycles)),
          fixed(raw.p50, 2),
          fixed(raw.p99, 2),
        ];
      }),
    ]),
  );
  say();
  say('HTTP latency by request, ms (p50 / p99)');
  say(
    table([
      ['C', ...TALLIED, 'create (POST /plans)'],
      ...results.map((r) => [String(r.concurrency), ...TALLIED.map((e) => ms(latency(r.http.byEvent[e]))), ms(latency(r.http.creates))]),
    ]),
  );
  say();
  say('CPU in the measured windows: cores in use (2 = the whole machine), and ms of CPU per audited write');
  say('(an HTTP write is an event or a create; "PG" = the backends of the bench database; "other" = the rest of the machine)');
  const each = (seconds: number, writes: number) => ((seconds * 1000) / writes).toFixed(2);
  say(
    table([
      ['C', 'kind', 'writes/s', 'machine', 'API', 'PG', 'bench', 'other', 'API ms/write', 'PG ms/write', 'bench ms/write'],
      ...results.flatMap((r) => {
        const row = (kind: string, writes: number, cpu: CpuUse, api: boolean) => [
          String(r.concurrency),
          kind,
          int(perSecond(writes)),
          (cpu.machine / SECONDS).toFixed(2),
          api ? (cpu.server / SECONDS).toFixed(2) : '–',
          (cpu.database / SECONDS).toFixed(2),
          (cpu.self / SECONDS).toFixed(2),
          (cpu.other / SECONDS).toFixed(2),
          api ? each(cpu.server, writes) : '–',
          each(cpu.database, writes),
          each(cpu.self, writes),
        ];
        return [row('HTTP', r.http.events.length + r.http.creates.length, r.http.cpu, true), row('raw SQL', r.raw.transitions.length, r.raw.cpu, false)];
      }),
    ]),
  );
  say();
  const worst = Math.min(...results.map(ratioOf));
  say(`Target: ratio ≥ ${TARGET_RATIO} at every C: ${worst >= TARGET_RATIO ? 'met' : `NOT met (lowest ${worst.toFixed(2)})`}`);
  say(`PostgreSQL: ${serverVersion}`);
}

/**
 * The signature's share of ISSUE. PAdES-B-B signing (parse the rendered PDF, append the
 * signature dictionary, CMS with an RSA-2048 demo key) timed alone in this process, N times over
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
  let client: JsonClient | undefined;
  let logSource: DataSource | undefined;
  try {
    db = await openThrowawayDatabase();
    const databaseName = new URL(db.url).pathname.slice(1);
    say(`PostgreSQL: ${db.serverVersion}`);
    say(`Database:   ${db.where}`);
    const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
    api = await startApi({
      databaseUrl: db.url,
      port: await freePort(),
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      env: {
        DEMO_DATA: 'true',
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
      },
    });
    say(`API:        the built server (node ${process.version}, pid ${api.pid}) at ${api.baseUrl}, LOG_LEVEL=${LOG_LEVEL}`);
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
    const results: Result[] = [];
    for (const concurrency of CONCURRENCY) {
      const pool = new pg.Pool({ connectionString: db.url, max: concurrency, application_name: 'bench-raw' });
      try {
        // Plans the HTTP slices wrote, a few per raw worker, so that no two workers share a row.
        const { rows } = await pool.query<{ id: string }>('SELECT id FROM plans ORDER BY created_at DESC LIMIT $1', [concurrency * 8]);
        if (rows.length < concurrency) throw new Error(`The raw SQL slices need ${concurrency} plans, the database holds ${rows.length}`);
        const rowsOf = Array.from({ length: concurrency }, (_, w) => rows.filter((_, i) => i % concurrency === w).map((r) => r.id));
        const result: Result = { concurrency, http: newHttpTally(), raw: { transitions: [], cpu: NO_CPU }, httpWithLog: WITH_AUDIT_LOG ? newHttpTally() : undefined };
        for (let round = 0; round < ROUNDS; round++) {
          const httpFirst = round % 2 === 0;
          const kinds = httpFirst ? ['http', 'raw'] : ['raw', 'http'];
          // With the writer: its slices alternate sides of the plain HTTP ones too.
          if (WITH_AUDIT_LOG) kinds.splice(httpFirst ? 1 : 0, 0, 'http+log');
          for (const kind of kinds) {
            if (kind === 'http') await httpSlice(client, session, units, concurrency, meter, result.http);
            else if (kind === 'http+log') {
              const stop = runLogWriter(logWriter!);
              try {
                await httpSlice(client, session, units, concurrency, meter, result.httpWithLog!);
              } finally {
                logAppended += await stop();
              }
            } else await rawSlice(pool, rowsOf, actor, meter, result.raw);
          }
          say(
            `C = ${String(concurrency).padStart(2)}, round ${round + 1}/${ROUNDS}: so far HTTP ${int(result.http.events.length / (((round + 1) * SLICE_MS) / 1000))} transitions/s, ` +
              `raw SQL ${int(result.raw.transitions.length / (((round + 1) * SLICE_MS) / 1000))}/s`,
          );
        }
        results.push(result);
      } finally {
        await pool.end();
      }
    }
    report(results, db.serverVersion);
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
    throw error;
  } finally {
    client?.close();
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
