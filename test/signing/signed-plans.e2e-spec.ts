import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DemoPlansSeeder } from '@app/demo';
import { makeCertificateAuthority, SigningKeys, signPdf } from '@app/signing';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { sealPng, signaturePng, makePng } from '../support/appearance-images.js';
import { pdfsig, qpdfCheck, TEST_P12_PASSWORD, TestKeys, testSigningKeys, writeP12 } from '../support/signing-tools.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

const pdfOf = async (t: TestApp, token: Record<string, string>, id: string): Promise<Buffer> =>
  (await t.http.get(`/plans/${id}/document.pdf`).set(token).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200)).body as Buffer;

const verify = (t: TestApp, token: Record<string, string>, bytes: Buffer, name = 'copy.pdf') => t.http.post('/documents/verify').set(token).attach('file', bytes, name);

describe('issued plans are PAdES-signed documents, verifiable by any PDF tool', () => {
  let t: TestApp;
  let keys: TestKeys;
  let ids: string[];
  let as: Record<string, Record<string, string>>;
  const pdfs = new Map<string, Buffer>();
  const sql = (text: string, params: unknown[] = []) => t.app.get(DataSource).query(text, params);

  beforeAll(async () => {
    keys = await testSigningKeys();
    t = await startTestApp({ demo: true });
    ids = await t.app.get(DemoPlansSeeder).seed(t.units, 'issue');
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.auditor', 'ln.secretary', 'duk.secretary', 'kt.secretary']);
    const owners = ['lb.secretary', 'ln.secretary', 'duk.secretary', 'kt.secretary'];
    for (const [i, id] of ids.entries()) pdfs.set(id, await pdfOf(t, as[owners[i]], id));
  }, 120_000);
  afterAll(() => t.close());

  it('every issued seed plan: pdfsig says valid, whole document, trusted through an NSS database holding the CA; qpdf --check passes', () => {
    for (const pdf of pdfs.values()) {
      const said = pdfsig(pdf, keys.caPem);
      expect(said).toContain('Signature Type: ETSI.CAdES.detached');
      expect(said).toContain('Signature is Valid.');
      expect(said).toContain('Total document signed');
      expect(said).toContain('Certificate is Trusted.');
      const check = qpdfCheck(pdf);
      expect(check.output).toContain('No syntax or stream encoding errors');
      expect(check.status).toBe(0);
    }
  });

  it('GET /plans/:id/signature: valid, whole, trusted, PAdES-B-B, signed at ISSUE in Vietnam time, the bytes those of the audit entry', async () => {
    const res = await t.http.get(`/plans/${ids[0]}/signature`).set(as['lb.auditor']).expect(200);
    expect(res.body).toMatchObject({ signed: true, valid: true, coversWholeDocument: true, trusted: true, pades: 'B-B', subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'SHA-256', problems: [] });
    expect(res.body.signingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(res.body.signer.commonName).toContain('TEST – không có giá trị pháp lý');
    expect(res.body.sha256.matches).toBe(true);
    const [recorded] = await sql(`SELECT payload #>> '{document,sha256}' AS sha256 FROM audit_entries WHERE subject_id = $1 AND event = 'ISSUE'`, [ids[0]]);
    expect(res.body.sha256).toEqual({ recorded: recorded.sha256, stored: recorded.sha256, matches: true });
    // Outside the issuer's reach the plan is not found, its signature neither.
    await t.http.get(`/plans/${ids[0]}/signature`).set(as['kt.secretary']).expect(404);
  });

  it('POST /documents/verify: the exact bytes issued match their plan; a one-byte change, appended bytes or another key do not', async () => {
    const issued = pdfs.get(ids[0])!;
    const same = await verify(t, as['lb.auditor'], issued).expect(200);
    expect(same.body.match).toEqual({ planId: ids[0], numberAndSymbol: '17-KH/QU' });
    expect(same.body.signature).toMatchObject({ valid: true, trusted: true, coversWholeDocument: true });

    const tampered = Buffer.from(issued);
    tampered[Math.floor(issued.length / 3)] ^= 0x20;
    const changed = await verify(t, as['lb.auditor'], tampered).expect(200);
    expect(changed.body.match).toBeNull();
    expect(changed.body.signature.valid).toBe(false);
    expect(changed.body.signature.problems).toContain('SIGNATURE_INVALID');

    const appended = await verify(t, as['lb.auditor'], Buffer.concat([issued, Buffer.from('\n% a note\n')])).expect(200);
    expect(appended.body.match).toBeNull();
    expect(appended.body.signature).toMatchObject({ valid: true, coversWholeDocument: false });

    const dir = mkdtempSync(join(tmpdir(), 'pc-other-'));
    const other = await makeCertificateAuthority('Another CA', { notBefore: new Date('2000-01-01'), notAfter: new Date('2099-01-01') });
    const { path } = await writeP12(dir, 'x.p12', other, { CN: 'Ban Thường vụ Quận ủy Long Biên', O: 'Giả mạo' }, { notBefore: new Date('2000-01-01'), notAfter: new Date('2099-01-01') });
    const foreignKeys = await SigningKeys.load({ p12Path: path, p12Password: TEST_P12_PASSWORD, trustAnchorFiles: [] });
    const rendered = issued.subarray(0, issued.lastIndexOf('%%EOF', issued.length - 4000) + 6);
    const forged = await signPdf(rendered, (await foreignKeys.signerFor({ id: ids[0], name: 'x' }))!, { signingTime: new Date(), reason: 'x' });
    const foreign = await verify(t, as['lb.auditor'], forged).expect(200);
    expect(foreign.body.match).toBeNull();
    expect(foreign.body.signature).toMatchObject({ valid: true, trusted: false });
    expect(foreign.body.signature.problems).toContain('UNTRUSTED');

    // Someone who may not see the plan learns nothing of it from its bytes.
    expect((await verify(t, as['kt.secretary'], issued).expect(200)).body.match).toBeNull();
  });

  it('POST /documents/verify refuses what is not a PDF (415) and a missing file (400), and answers null for an unsigned PDF', async () => {
    expect((await verify(t, as['lb.auditor'], Buffer.from('hello'), 'a.txt').expect(415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await t.http.post('/documents/verify').set(as['lb.auditor']).field('x', 'y').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const draft = await pdfOf(t, as['lb.secretary'], (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id);
    const unsigned = await verify(t, as['lb.auditor'], draft).expect(200);
    expect(unsigned.body).toMatchObject({ match: null, signature: null });
  });

  it('the signing key is in no response and no database row', async () => {
    const needles = [keys.privateKey.toString('hex'), keys.privateKey.toString('base64'), TEST_P12_PASSWORD];
    const responses = [
      JSON.stringify((await t.http.get(`/plans/${ids[0]}/signature`).set(as['lb.auditor'])).body),
      JSON.stringify((await t.http.get(`/plans/${ids[0]}`).set(as['lb.auditor'])).body),
      JSON.stringify((await t.http.get(`/plans/${ids[0]}/history`).set(as['lb.auditor'])).body),
      pdfs.get(ids[0])!.toString('latin1'),
    ];
    for (const body of responses) for (const needle of needles) expect(body.includes(needle)).toBe(false);
    // A dump of every table as text (bytea as hex).
    const tables: { name: string }[] = await sql(`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let dump = '';
    for (const { name } of tables) dump += ((await sql(`SELECT coalesce(string_agg(x::text, E'\\n'), '') AS text FROM ${name} x`)) as { text: string }[])[0].text;
    expect(dump.length).toBeGreaterThan(10_000);
    for (const needle of needles) expect(dump.includes(needle)).toBe(false);
    expect(dump.includes(keys.privateKey.subarray(40, 80).toString('hex'))).toBe(false);
  });

  it('an expired or not-yet-valid certificate refuses ISSUE with 409 and changes nothing', async () => {
    for (const [name, validity] of [
      ['expired.p12', { notBefore: new Date('2001-01-01'), notAfter: new Date('2002-01-01') }],
      ['future.p12', { notBefore: new Date('2090-01-01'), notAfter: new Date('2095-01-01') }],
    ] as const) {
      const { path } = await writeP12(keys.dir, name, keys.ca, { CN: 'Ban Thường vụ', O: 'Quận ủy Long Biên' }, validity);
      const other = await startTestApp({ database: t.db, env: { SIGNING_P12: path } });
      try {
        const id = (await other.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id;
        await other.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
        const before = await sql('SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1', [id]);
        const counters = await sql('SELECT * FROM numbering_counters ORDER BY 1, 2, 3');
        const res = await other.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(409);
        expect(res.body.code).toBe('SIGNING_CERTIFICATE_NOT_VALID');
        expect((await other.http.get(`/plans/${id}`).set(as['lb.secretary']).expect(200)).body).toMatchObject({ state: 'draft.submitted', version: 2, numberAndSymbol: null });
        expect(await sql('SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1', [id])).toEqual(before);
        expect(await sql('SELECT count(*)::int AS n FROM plan_documents WHERE plan_id = $1', [id])).toEqual([{ n: 0 }]);
        expect(await sql('SELECT * FROM numbering_counters ORDER BY 1, 2, 3')).toEqual(counters);
      } finally {
        await other.close();
      }
    }
  });

  it('an admin uploads the unit\'s seal and the signer\'s signature image; the next ISSUE prints both and still verifies', async () => {
    const admin = bearer(t.rootToken);
    const lb = t.units.get('lb-district-committee')!;
    const secretaryId = (await t.http.get('/auth/me').set(as['lb.secretary']).expect(200)).body.id as string;
    // Refused: not a PNG (415), an opaque PNG (400), no file (400).
    expect((await t.http.post(`/units/${lb}/seal`).set(admin).attach('file', Buffer.from('GIF89a....'), 'seal.gif').expect(415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const opaque = makePng(200, 200, () => [200, 0, 0, 255], 150);
    expect((await t.http.post(`/units/${lb}/seal`).set(admin).attach('file', opaque, 'seal.png').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.post(`/users/${secretaryId}/signature-image`).set(admin).field('x', '1').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.post(`/units/${lb}/seal`).set(admin).attach('file', Buffer.alloc(600 * 1024, 1), 'big.png').expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');

    const seal = await t.http.post(`/units/${lb}/seal`).set(admin).attach('file', sealPng(), 'seal.png').expect(201);
    expect(seal.body).toMatchObject({ kind: 'seal', widthPx: 212, heightPx: 212, widthMm: 35.9 });
    const signature = await t.http.post(`/users/${secretaryId}/signature-image`).set(admin).attach('file', signaturePng(), 'signature.png').expect(201);
    expect(signature.body).toMatchObject({ kind: 'signature', widthPx: 236 });
    const [audit] = await sql(`SELECT event, payload->>'sha256' AS sha256 FROM audit_entries WHERE subject_id = $1`, [seal.body.id]);
    expect(audit).toEqual({ event: 'UPLOAD_SEAL', sha256: seal.body.sha256 });
    // Written once.
    await expect(sql(`UPDATE appearance_images SET width_mm = 1 WHERE id = $1`, [seal.body.id])).rejects.toThrow(/written once/);

    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id;
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const pdf = await pdfOf(t, as['lb.secretary'], id);
    const dir = mkdtempSync(join(tmpdir(), 'pc-appearance-'));
    writeFileSync(join(dir, 'd.pdf'), pdf);
    const images = execFileSync('pdfimages', ['-list', join(dir, 'd.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(images.map((l) => l.trim().split(/\s+/).slice(2, 5).join(' '))).toEqual(expect.arrayContaining(['image 236 90', 'smask 236 90', 'image 212 212', 'smask 212 212']));
    expect(pdfsig(pdf, keys.caPem)).toMatch(/Signature is Valid\.[\s\S]*Certificate is Trusted\.[\s\S]*|Certificate is Trusted\.[\s\S]*Total document signed/);
    expect((await t.http.get(`/plans/${id}/signature`).set(as['lb.secretary']).expect(200)).body).toMatchObject({ valid: true, trusted: true, coversWholeDocument: true });
  });
});
