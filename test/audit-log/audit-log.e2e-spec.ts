import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  AuditLogWriter, consistencyRanges, decodeBase64, decodeHash, formatSignerKey, leafHash, openCheckpoint, parseTlogProof, parseVerifierKey,
  rangeRoot, signerFromSeed, verifyConsistency, verifyInclusion, WRITER_LOCK,
} from '@app/audit-log';
import { loadConfig } from '@app/core';
import { DEMO_PASSWORD } from '@app/demo';
import { AuditTrail } from '@app/transitions';
import { auditExport } from '../../scripts/audit-export.js';
import { auditVerifyBundle } from '../../scripts/audit-verify-bundle.js';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

const ORIGIN = 'test.plan-cascade.vn/audit-log';
const SIGNING_KEY = formatSignerKey(ORIGIN, Buffer.alloc(32, 11));
const ENV = { AUDIT_LOG_ORIGIN: ORIGIN, AUDIT_LOG_SIGNING_KEY: SIGNING_KEY };

/** Runs the writer until every committed entry is logged (other sessions' transactions may hold the cut back a moment). */
async function logEverything(t: TestApp): Promise<number> {
  const db = t.app.get(DataSource);
  const writer = t.app.get(AuditLogWriter);
  for (let attempt = 0; attempt < 200; attempt++) {
    await writer.appendAll();
    const [{ missing, size }] = await db.query(
      `SELECT (SELECT count(*) FROM audit_entries e WHERE NOT EXISTS (SELECT 1 FROM audit_log_leaves l WHERE l.entry_id = e.id))::int AS missing,
              (SELECT size FROM audit_log_state)::int AS size`,
    );
    if (missing === 0) return size;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the writer did not catch up');
}

function output() {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), stream: { write: (c: string) => chunks.push(c) } as unknown as NodeJS.WritableStream };
}

describe('the transparency log over the audit trail', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;
  let plan: string;
  const verifierKey = signerFromSeed(ORIGIN, Buffer.alloc(32, 11)).text;

  const cascade = async (): Promise<string> => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.monitor']).send({ type: 'START', expectedVersion: 3 }).expect(200);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: ENV });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer']);
    // An auditor of Lục Ngạn: another subtree.
    const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'ln.auditor', password: 'a-long-password', displayName: 'Kiểm tra Lục Ngạn' });
    await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get('ln-district-committee'), role: 'auditor' }).expect(201);
    as['ln.auditor'] = bearer(await t.login('ln.auditor', 'a-long-password'));
    db = t.app.get(DataSource);
    plan = await cascade();
  });
  afterAll(() => t.close());

  it('logs every entry once, in a tree whose signed checkpoint verifies with the published key', async () => {
    const size = await logEverything(t);
    const [{ entries }] = await db.query(`SELECT count(*)::int AS entries FROM audit_entries`);
    expect(size).toBe(entries);
    const leaves: { idx: string; hash: string }[] = await db.query(
      `SELECT l.idx::text AS idx, e.hash FROM audit_log_leaves l JOIN audit_entries e ON e.id = l.entry_id ORDER BY l.idx`,
    );
    expect(leaves.map((l) => Number(l.idx))).toEqual(Array.from({ length: size }, (_, i) => i));

    const keys = await t.http.get('/audit/log/keys').set(as['lb.ward.officer']).expect(200);
    expect(keys.body).toEqual({ origin: ORIGIN, current: verifierKey, keys: [verifierKey] });
    const latest = await t.http.get('/audit/log/checkpoint').set(as['lb.ward.officer']).expect(200);
    expect(latest.headers['content-type']).toMatch(/^text\/plain/);
    const checkpoint = openCheckpoint(latest.text, [parseVerifierKey(keys.body.current)]);
    expect(checkpoint.size).toBe(size);
    // The root is recomputed here from the entries' own hashes: the stored tree is the tree of the entries.
    expect(checkpoint.root).toEqual(rangeRoot(leaves.map((l) => leafHash(Buffer.from(l.hash, 'hex')))));
    expect((await t.http.get(`/audit/log/checkpoints/${size}`).set(as['lb.ward.officer']).expect(200)).text).toBe(latest.text);
    // The latest is the largest tree, not the largest size spelled as text ('9' > '10').
    expect((await db.query(`SELECT max(size)::int AS top FROM audit_log_checkpoints`))[0].top).toBe(size);
  });

  it('proves an entry of the auditor\'s subtree included, as JSON and as a C2SP tlog-proof', async () => {
    await logEverything(t);
    const history = (await t.http.get(`/plans/${plan}/history`).set(as['lb.auditor']).expect(200)).body;
    const issue = history.find((e: { event: string }) => e.event === 'ISSUE');
    const json = await t.http.get(`/audit/log/proofs/inclusion?entryId=${issue.id}`).set(as['lb.auditor']).expect(200);
    expect(Object.keys(json.body).sort()).toEqual(['checkpoint', 'hashes', 'index', 'leafData', 'size']);
    const key = parseVerifierKey(verifierKey);
    const checkpoint = openCheckpoint(json.body.checkpoint, [key]);
    expect(json.body.size).toBe(checkpoint.size);
    const leafData = decodeBase64(json.body.leafData);
    expect(leafData.toString('hex')).toBe(issue.hash);
    expect(verifyInclusion(leafHash(leafData), json.body.index, json.body.size, json.body.hashes.map((h: string) => decodeHash(h)), checkpoint.root)).toBe(true);

    const text = await t.http.get(`/audit/log/proofs/inclusion?entryId=${issue.id}&size=${json.body.size}`).set(as['lb.auditor']).set('Accept', 'text/plain').expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text.startsWith(`c2sp.org/tlog-proof@v1\nindex ${json.body.index}\n`)).toBe(true);
    const parsed = parseTlogProof(text.text);
    expect(parsed.hashes.map((h) => h.toString('base64'))).toEqual(json.body.hashes);
    expect(parsed.checkpoint).toBe(json.body.checkpoint);
  });

  it('proves a later checkpoint consistent with an earlier one', async () => {
    const first = await logEverything(t);
    await cascade();
    const second = await logEverything(t);
    expect(second).toBeGreaterThan(first);
    const key = parseVerifierKey(verifierKey);
    const old = openCheckpoint((await t.http.get(`/audit/log/checkpoints/${first}`).set(as['lb.ward.officer']).expect(200)).text, [key]);
    const proof = await t.http.get(`/audit/log/proofs/consistency?from=${first}&to=${second}`).set(as['lb.ward.officer']).expect(200);
    expect(Object.keys(proof.body).sort()).toEqual(['checkpoint', 'from', 'hashes', 'to']);
    expect(proof.body.hashes).toHaveLength(consistencyRanges(first, second).length);
    const now = openCheckpoint(proof.body.checkpoint, [key]);
    expect(verifyConsistency(first, second, proof.body.hashes.map((h: string) => decodeHash(h)), old.root, now.root)).toBe(true);
  });

  it('answers bad input with 400 and a code, unknown things with 404', async () => {
    const entryId = (await t.http.get(`/plans/${plan}/history`).set(as['lb.auditor'])).body[0].id;
    for (const bad of ['0x10', '%2016', '16%20', '', '016', '-1', '1e3', '99999999999999999999']) {
      const res = await t.http.get(`/audit/log/proofs/inclusion?entryId=${bad}`).set(as['lb.auditor']);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
    expect((await t.http.get(`/audit/log/proofs/inclusion?entryId=${entryId}&size=0x10`).set(as['lb.auditor'])).status).toBe(400);
    // A checkpoint older than the entry cannot include it; a size never checkpointed has no checkpoint.
    const [{ newest, oldest }] = await db.query(
      `SELECT (SELECT entry_id FROM audit_log_leaves ORDER BY idx DESC LIMIT 1)::int AS newest, (SELECT min(size) FROM audit_log_checkpoints)::int AS oldest`,
    );
    const tooOld = await t.http.get(`/audit/log/proofs/inclusion?entryId=${newest}&size=${oldest}`).set(as['lb.auditor']);
    expect([tooOld.status, tooOld.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.http.get(`/audit/log/proofs/inclusion?entryId=${newest}&size=${oldest + 1}`).set(as['lb.auditor'])).body.code).toBe('NOT_FOUND');
    expect((await t.http.get('/audit/log/proofs/inclusion?entryId=999999999').set(as['lb.auditor'])).status).toBe(404);
    expect((await t.http.get('/audit/log/checkpoints/01').set(as['lb.auditor'])).status).toBe(400);
    expect((await t.http.get('/audit/log/checkpoints/999999').set(as['lb.auditor'])).body.code).toBe('NOT_FOUND');
    const size = await logEverything(t);
    expect((await t.http.get(`/audit/log/proofs/consistency?from=0&to=${size}`).set(as['lb.auditor'])).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get(`/audit/log/proofs/consistency?from=${size + 1}&to=${size}`).set(as['lb.auditor'])).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get(`/audit/log/proofs/consistency?from=1&to= ${size}`).set(as['lb.auditor'])).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get('/audit/log/export?unitId=nope').set(as['lb.auditor'])).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get(`/audit/log/export?unitId=${t.units.get('lb-district-committee')}&since=07`).set(as['lb.auditor'])).body.code).toBe('VALIDATION_FAILED');
  });

  it('hides an entry outside the auditor\'s subtree, and an entry not yet logged says so', async () => {
    await logEverything(t);
    const entryId = (await t.http.get(`/plans/${plan}/history`).set(as['lb.auditor'])).body[0].id;
    expect((await t.http.get(`/audit/log/proofs/inclusion?entryId=${entryId}`).set(as['ln.auditor'])).status).toBe(404);
    expect((await t.http.get(`/audit/log/proofs/inclusion?entryId=${entryId}`).set(as['lb.ward.officer'])).status).toBe(403);
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id;
    const fresh = (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor'])).body[0].id;
    const res = await t.http.get(`/audit/log/proofs/inclusion?entryId=${fresh}`).set(as['lb.auditor']);
    expect([res.status, res.body.details]).toEqual([409, { reason: 'NOT_YET_LOGGED' }]);
  });

  it('never skips an entry committed out of id order, and never logs one twice (concurrent transactions and writers)', async () => {
    await logEverything(t);
    const trail = t.app.get(AuditTrail);
    const entry = (seq: number, subjectId = randomUUID()) => ({
      subjectType: 'probe', subjectId, seq, at: new Date(), actorUserId: null, actorRole: null, actorUnitId: null, onBehalfOf: null,
      event: 'PROBE', fromState: null, toState: 'x', comment: null, payload: {}, requestId: null, prevHash: null,
    });
    // Early takes the smaller id and stays open; late takes a larger id and commits first.
    const early = db.createQueryRunner();
    const late = db.createQueryRunner();
    await early.connect();
    await late.connect();
    try {
      await early.startTransaction();
      await trail.append(early.manager, entry(1));
      const [{ id: earlyId }] = await early.query(`SELECT max(id)::text AS id FROM audit_entries`);
      await late.startTransaction();
      await trail.append(late.manager, entry(1));
      await late.commitTransaction();
      const [{ id: lateId }] = await db.query(`SELECT max(id)::text AS id FROM audit_entries`);
      expect(BigInt(lateId)).toBeGreaterThan(BigInt(earlyId));
      await t.app.get(AuditLogWriter).appendAll();
      // The later, committed entry waits: its transaction is newer than one still running.
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_log_leaves WHERE entry_id = $1`, [lateId]);
      expect(n).toBe(0);
      await early.commitTransaction();
      await logEverything(t);
      const rows: { entryId: string }[] = await db.query(`SELECT entry_id::text AS "entryId" FROM audit_log_leaves WHERE entry_id = ANY($1::bigint[]) ORDER BY idx`, [[earlyId, lateId]]);
      expect(rows.map((r) => r.entryId)).toEqual([earlyId, lateId]);
    } finally {
      await early.release();
      await late.release();
    }

    // Many transactions committing in any order while several writers race: every entry logged once, indexes dense.
    const writers = Array.from({ length: 4 }, () => t.app.get(AuditLogWriter));
    let stop = false;
    const racing = writers.map(async (w) => {
      while (!stop) await w.appendBatch(7);
    });
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await db.transaction(async (tx) => {
          await trail.append(tx, entry(1));
          await new Promise((r) => setTimeout(r, (i * 37) % 50));
          await trail.append(tx, entry(1));
        });
      }),
    );
    stop = true;
    await Promise.all(racing);
    const size = await logEverything(t);
    const [check] = await db.query(
      `SELECT count(*)::int AS leaves, count(DISTINCT entry_id)::int AS entries, max(idx)::int AS top,
              (SELECT count(*)::int FROM audit_entries) AS total FROM audit_log_leaves`,
    );
    expect(check).toEqual({ leaves: size, entries: size, top: size - 1, total: size });
    const leaves: { hash: string }[] = await db.query(`SELECT e.hash FROM audit_log_leaves l JOIN audit_entries e ON e.id = l.entry_id ORDER BY l.idx`);
    const latest = openCheckpoint((await t.http.get('/audit/log/checkpoint').set(as['lb.auditor'])).text, [parseVerifierKey(verifierKey)]);
    expect(latest.root).toEqual(rangeRoot(leaves.map((l) => leafHash(Buffer.from(l.hash, 'hex')))));
  });

  it('never makes a transition wait for the log: steps commit while the writer holds its lock', async () => {
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`SELECT pg_advisory_xact_lock($1)`, [WRITER_LOCK]);
      await holder.query(`SELECT * FROM audit_log_state FOR UPDATE`);
      const id = await cascade();
      expect((await t.http.get(`/plans/${id}`).set(as['lb.secretary'])).body.state).toBe('implementing');
      // A second writer does not queue behind the first either: it gives up at once.
      expect((await t.app.get(AuditLogWriter).appendBatch(10)).busy).toBe(true);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('rotates keys: old checkpoints verify with the old key, the latest is cosigned by the new one', async () => {
    const before = await logEverything(t);
    const old = (await t.http.get(`/audit/log/checkpoints/${before}`).set(as['lb.auditor']).expect(200)).text;
    const next = signerFromSeed(ORIGIN, Buffer.alloc(32, 12));
    const rotated = await startTestApp({
      database: t.db,
      env: { AUDIT_LOG_ORIGIN: ORIGIN, AUDIT_LOG_SIGNING_KEY: formatSignerKey(ORIGIN, Buffer.alloc(32, 12)), AUDIT_LOG_PREVIOUS_KEYS: verifierKey },
    });
    try {
      const token = bearer(await rotated.login('lb.auditor', DEMO_PASSWORD));
      expect((await rotated.http.get('/audit/log/keys').set(token)).body).toEqual({ origin: ORIGIN, current: next.text, keys: [next.text, verifierKey] });
      await rotated.app.get(AuditLogWriter).appendAll();
      const latest = (await rotated.http.get('/audit/log/checkpoint').set(token)).text;
      expect(openCheckpoint(latest, [parseVerifierKey(next.text)]).size).toBe(before);
      expect(openCheckpoint(latest, [parseVerifierKey(verifierKey)]).size).toBe(before);
      expect(openCheckpoint((await rotated.http.get(`/audit/log/checkpoints/${before}`).set(token)).text, [parseVerifierKey(verifierKey)]).root)
        .toEqual(openCheckpoint(old, [parseVerifierKey(verifierKey)]).root);
      // New checkpoints are signed by the new key only.
      await rotated.http.post('/plans').set(bearer(await rotated.login('lb.drafter', DEMO_PASSWORD))).send(completePlan(t)).expect(201);
      const grown = await logEverything(rotated);
      const note = (await rotated.http.get(`/audit/log/checkpoints/${grown}`).set(token)).text;
      expect(openCheckpoint(note, [parseVerifierKey(next.text)]).size).toBe(grown);
      expect(() => openCheckpoint(note, [parseVerifierKey(verifierKey)])).toThrow('No signature by a trusted key');
    } finally {
      await rotated.close();
    }
  });

  it('exports a unit\'s history from the auditor\'s screen, verifies it offline, and notices a rewritten history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-bundle-'));
    const unitId = t.units.get('lb-district-committee')!;
    const res = await t.http.get(`/audit/log/export?unitId=${unitId}`).set(as['lb.auditor']).expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.audit-bundle\.json"/);
    const bundle = res.body;
    expect(bundle.entries.length).toBeGreaterThan(10);
    expect(bundle.entries.some((e: { subjectType: string }) => e.subjectType === 'assignment')).toBe(true);
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
    writeFileSync(join(dir, 'saved.checkpoint'), bundle.checkpoint);
    const ok = output();
    const err = output();
    expect(auditVerifyBundle([join(dir, 'bundle.json'), '--key', verifierKey, '--trusted-checkpoint', join(dir, 'saved.checkpoint')], ok.stream, err.stream)).toBe(0);
    expect(ok.text()).toContain(`VERIFIED ${bundle.entries.length} entries`);
    // Not an auditor of Lục Ngạn; a ward officer is no auditor at all.
    expect((await t.http.get(`/audit/log/export?unitId=${t.units.get('ln-district-committee')}`).set(as['lb.auditor'])).status).toBe(404);
    expect((await t.http.get(`/audit/log/export?unitId=${unitId}`).set(as['lb.ward.officer'])).status).toBe(403);
    // No key pinned: refused, never silently trusting the bundle's own key.
    expect(auditVerifyBundle([join(dir, 'bundle.json')], output().stream, output().stream)).toBe(1);

    // A superuser rewrites a chain and recomputes its hashes: the stored tree no longer has those leaves.
    const savedSize = Number(bundle.checkpoint.split('\n')[1]);
    await rewriteChain(db, plan);
    const config = loadConfig({ ...ENV, DATABASE_URL: t.db.url });
    await auditExport(db, config, { unit: unitId, since: [String(savedSize)], out: join(dir, 'rewritten.json') });
    const caught = output();
    expect(auditVerifyBundle([join(dir, 'rewritten.json'), '--key', verifierKey, '--trusted-checkpoint', join(dir, 'saved.checkpoint')], output().stream, caught.stream)).toBe(2);
    expect(caught.text()).toMatch(/^FAILED INCLUSION: entry \d+ \(plan /);

    // And if they rebuild the log from the rewritten trail and sign it (they hold the key), the new tree is no extension of the saved one.
    await rebuildLog(db);
    await logEverything(t);
    await auditExport(db, config, { unit: unitId, since: [String(savedSize)], out: join(dir, 'rebuilt.json') });
    const forked = output();
    expect(auditVerifyBundle([join(dir, 'rebuilt.json'), '--key', verifierKey], output().stream, output().stream)).toBe(0);
    expect(auditVerifyBundle([join(dir, 'rebuilt.json'), '--key', verifierKey, '--trusted-checkpoint', join(dir, 'saved.checkpoint')], output().stream, forked.stream)).toBe(2);
    expect(forked.text()).toMatch(/^FAILED FORK: Forked log/);
    expect(JSON.parse(readFileSync(join(dir, 'rebuilt.json'), 'utf8')).consistency).toHaveLength(1);
  });
});

/** Superuser tampering: edits an entry of the chain and recomputes every later hash and the subject's head. */
async function rewriteChain(db: DataSource, subjectId: string): Promise<void> {
  const { hashEntry } = await import('@app/transitions');
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    const rows = await tx.query(
      `SELECT subject_type AS "subjectType", subject_id AS "subjectId", seq, at, actor_user_id AS "actorUserId", actor_role AS "actorRole",
              actor_unit_id AS "actorUnitId", on_behalf_of AS "onBehalfOf", event, from_state AS "fromState", to_state AS "toState", comment,
              payload, request_id AS "requestId", prev_hash AS "prevHash"
       FROM audit_entries WHERE subject_id = $1 ORDER BY seq`,
      [subjectId],
    );
    let prev: string | null = null;
    for (const row of rows) {
      if (row.seq === 2) row.comment = 'Nội dung đã bị sửa';
      const hash = hashEntry({ ...row, prevHash: prev });
      await tx.query(`UPDATE audit_entries SET comment = $3, prev_hash = $4, hash = $5 WHERE subject_id = $1 AND seq = $2`, [subjectId, row.seq, row.comment, prev, hash]);
      prev = hash;
    }
    await tx.query(`UPDATE plans SET audit_hash = $2 WHERE id = $1`, [subjectId, prev]);
    await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
  });
}

/** Superuser tampering: throws the log away so the writer builds it again from the (rewritten) trail. */
async function rebuildLog(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of ['audit_log_leaves', 'audit_log_nodes']) await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    await tx.query(`ALTER TABLE audit_log_checkpoints DISABLE TRIGGER audit_log_checkpoints_cosign_only`);
    await tx.query(`DELETE FROM audit_log_leaves`);
    await tx.query(`DELETE FROM audit_log_nodes`);
    await tx.query(`DELETE FROM audit_log_checkpoints`);
    await tx.query(`UPDATE audit_log_state SET size = 0, edge = '{}', after_tx = '0', after_id = 0`);
    for (const table of ['audit_log_leaves', 'audit_log_nodes']) await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
    await tx.query(`ALTER TABLE audit_log_checkpoints ENABLE TRIGGER audit_log_checkpoints_cosign_only`);
  });
}
