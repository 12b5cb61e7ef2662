import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as nodeSign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentTitle, fillNumber, renderPdf, renderPdfForNumber } from '@app/render';
import { poppler } from '../../../test/support/document-readers.js';
import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { PDF } from '@libpdf/core';
import * as asn1js from 'asn1js';
import { opensslCmsVerify, pdfsig, qpdfCheck, qpdfJson, TEST_P12_PASSWORD, testSigningKeys, writeP12 } from '../../../test/support/signing-tools.js';
import { makeCertificateAuthority } from './certificates.js';
import { SigningKeys } from './keys.js';
import { signPdf } from './pades.js';
import type { Signer } from './signer.js';
import { findSignatures, verifyPdf } from './verify.js';

const AT = new Date('2015-12-29T02:30:00Z');
const UNIT = { id: '00000000-0000-4000-8000-000000000001', name: 'Ban Thường vụ Quận ủy Long Biên' };

describe('PAdES signing, checked by tools we did not write', () => {
  let keys: SigningKeys;
  let caPem: string;
  let party: Buffer;
  let signed: Buffer;

  beforeAll(async () => {
    const test = await testSigningKeys();
    caPem = test.caPem;
    keys = await SigningKeys.load({ p12Path: test.env.SIGNING_P12, p12Password: TEST_P12_PASSWORD, trustAnchorFiles: [test.env.SIGNING_TRUST_ANCHORS] });
    party = await renderPdf(PARTY_PLAN, { createdAt: AT });
    signed = await signPdf(party, (await keys.signerFor(UNIT))!, { signingTime: AT, reason: 'Ban hành 17-KH/QU', location: 'Long Biên' });
  });

  it('is an incremental update over the rendered bytes, valid and covering the whole file for pdfsig, trusted through NSS', async () => {
    expect(signed.subarray(0, party.length).equals(party)).toBe(true);
    const untrusted = pdfsig(signed);
    expect(untrusted).toContain('Signature Type: ETSI.CAdES.detached');
    expect(untrusted).toContain('Signature is Valid.');
    expect(untrusted).toContain('Total document signed');
    expect(untrusted).toContain("Certificate issuer isn't Trusted.");
    const trusted = pdfsig(signed, caPem);
    expect(trusted).toContain('Signature is Valid.');
    expect(trusted).toContain('Certificate is Trusted.');
    expect(qpdfCheck(signed)).toMatchObject({ status: 0 });
    const state = await signPdf(await renderPdf(STATE_PLAN, { createdAt: AT }), (await keys.signerFor(UNIT))!, { signingTime: AT, reason: 'Ban hành' });
    expect(pdfsig(state, caPem)).toMatch(/Signature is Valid\.[\s\S]*Certificate is Trusted\./);
    expect(qpdfCheck(state).status).toBe(0);
  });

  it("gives /Info the title ISSUE asks for (a plan rendered before its number), still valid and whole", async () => {
    const { pdf, slot } = await renderPdfForNumber({ ...PARTY_PLAN, numberAndSymbol: null }, { createdAt: AT });
    const numbered = fillNumber(pdf, slot, '17-KH/QU')!;
    const title = documentTitle(PARTY_PLAN);
    expect(title).toContain('17-KH/QU');
    expect(poppler('pdfinfo', numbered)).not.toContain('17-KH/QU');
    const titled = await signPdf(numbered, (await keys.signerFor(UNIT))!, { signingTime: AT, reason: 'Ban hành 17-KH/QU', title });
    expect(titled.subarray(0, numbered.length).equals(numbered)).toBe(true);
    const info = poppler('pdfinfo', titled);
    expect(info).toMatch(new RegExp(`^Title:\\s+${title}$`, 'm'));
    // The rest of /Info as rendered.
    expect(info).toMatch(/^Author:\s+Quận ủy Long Biên$/m);
    expect(info).toMatch(/^Creator:\s+plan-cascade$/m);
    const checked = pdfsig(titled, caPem);
    for (const line of ['Total document signed', 'Signature is Valid.', 'Certificate is Trusted.']) expect(checked).toContain(line);
    expect(qpdfCheck(titled)).toMatchObject({ status: 0 });
    expect(await verifyPdf(titled, keys.trustAnchors)).toMatchObject({ valid: true, coversWholeDocument: true, trusted: true });
  });

  it('openssl verifies the CMS over the signed ranges, and only over them', () => {
    const [found] = findSignatures(signed);
    const [a, b, c, d] = found.byteRange;
    expect([a, c + d]).toEqual([0, signed.length]);
    const content = Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]);
    const ok = opensslCmsVerify(found.contents, content);
    expect(ok.output).toContain('Verification successful');
    expect(ok.status).toBe(0);
    const changed = Buffer.from(content);
    changed[100] ^= 1;
    expect(opensslCmsVerify(found.contents, changed).status).not.toBe(0);
  });

  it('its signed attributes: contentType, signingTime, messageDigest, CMSAlgorithmProtection and a signingCertificateV2 that hashes the signer certificate', async () => {
    const signer = (await keys.signerFor(UNIT))!;
    const [found] = findSignatures(signed);
    const der = (x: asn1js.AsnType) => Buffer.from(x.valueBeforeDecodeView);
    const info = asn1js.fromBER(new Uint8Array(found.contents)).result as asn1js.Sequence;
    const signedData = ((info.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    const signerInfo = ((signedData.at(-1) as asn1js.Set).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    const attributes = (signerInfo[3] as asn1js.Constructed).valueBlock.value as asn1js.Sequence[];
    const byType = new Map(attributes.map((x) => [(x.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(), (x.valueBlock.value[1] as asn1js.Set).valueBlock.value[0]]));
    expect([...byType.keys()].sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.5', '1.2.840.113549.1.9.52'].sort());
    // DER: a SET OF in the order of its encodings.
    const encodings = attributes.map(der);
    expect(encodings).toEqual([...encodings].sort(Buffer.compare));
    expect((byType.get('1.2.840.113549.1.9.5') as asn1js.UTCTime).toDate()).toEqual(AT);
    const [a, b, c, d] = found.byteRange;
    const digest = createHash('sha256').update(signed.subarray(a, a + b)).update(signed.subarray(c, c + d)).digest();
    expect(Buffer.from((byType.get('1.2.840.113549.1.9.4') as asn1js.OctetString).valueBlock.valueHexView)).toEqual(digest);
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256 by default), issuerSerial } }
    const essCertId = ((byType.get('1.2.840.113549.1.9.16.2.47') as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const [certHash, issuerSerial] = essCertId.valueBlock.value;
    expect(Buffer.from((certHash as asn1js.OctetString).valueBlock.valueHexView)).toEqual(createHash('sha256').update(signer.certificate).digest());
    // issuerSerial and the SignerInfo's sid name the same issuer and serial, those of the certificate.
    const [essNames, essSerial] = (issuerSerial as asn1js.Sequence).valueBlock.value;
    const essIssuer = ((essNames as asn1js.Sequence).valueBlock.value[0] as asn1js.Constructed).valueBlock.value[0];
    const [sidIssuer, sidSerial] = (signerInfo[1] as asn1js.Sequence).valueBlock.value;
    expect(der(essSerial)).toEqual(der(sidSerial));
    expect(der(essIssuer)).toEqual(der(sidIssuer));
    const x509 = new X509Certificate(signer.certificate);
    expect(Buffer.from((sidSerial as asn1js.Integer).valueBlock.valueHexView).toString('hex').replace(/^00/, '')).toBe(x509.serialNumber.toLowerCase());
    expect(x509.checkIssued(new X509Certificate(signer.certificateChain[0]))).toBe(true);
  });

  it('is a function of its input: the same PDF, signer and options give the same bytes', async () => {
    const signer = (await keys.signerFor(UNIT))!;
    const again = await signPdf(party, signer, { signingTime: AT, reason: 'Ban hành 17-KH/QU', location: 'Long Biên' });
    expect(again.equals(signed)).toBe(true);
  });

  it('the field ChuKySo is in the form and its invisible widget on the first page, for qpdf and for @libpdf/core', async () => {
    const form = qpdfJson(signed, '--json-key=acroform').acroform as { fields: Record<string, unknown>[] };
    expect(form.fields).toEqual([expect.objectContaining({ fullname: 'ChuKySo', fieldtype: '/Sig', pageposfrom1: 1, annotation: expect.objectContaining({ annotationflags: 132 }) })]);
    const doc = await PDF.load(signed);
    const fields = (await doc.getForm())!.getSignatureFields();
    expect(fields.map((f) => [f.name, f.isSigned()])).toEqual([['ChuKySo', true]]);
    const [widget] = fields[0].getWidgets();
    const firstPage = (qpdfJson(signed, '--json-key=pages').pages as { object: string }[])[0].object;
    expect([widget.width, widget.height, `${widget.pageRef?.objectNumber} 0 R`]).toEqual([0, 0, firstPage]);
  });

  it('any Signer fits, e.g. an ECDSA P-256 key held elsewhere that only signs: valid for pdfsig, openssl and us; RSA-PSS is refused plainly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-ec-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=EC signer/O=plan-cascade test', '-days', '2', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const key = createPrivateKey(readFileSync(join(dir, 'key.pem')));
    const certificate = new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw;
    let calls = 0;
    const remote: Signer = {
      certificate,
      certificateChain: [],
      keyType: 'EC',
      signatureAlgorithm: 'ECDSA',
      sign: async (data, digest) => {
        calls++;
        return nodeSign(digest.replace('-', '').toLowerCase(), data, key); // DER SEQUENCE { r, s }
      },
    };
    const ec = await signPdf(party, remote, { signingTime: new Date(), reason: 'Ban hành' });
    expect(calls).toBe(1);
    const said = pdfsig(ec);
    expect(said).toContain('Signature is Valid.');
    expect(said).toContain('Total document signed');
    const [found] = findSignatures(ec);
    const [a, b, c, d] = found.byteRange;
    expect(opensslCmsVerify(found.contents, Buffer.concat([ec.subarray(a, a + b), ec.subarray(c, c + d)])).status).toBe(0);
    expect(await verifyPdf(ec, [certificate])).toMatchObject({ valid: true, trusted: true, coversWholeDocument: true, pades: 'B-B', signatureAlgorithm: 'ecdsa-with-SHA256' });
    await expect(signPdf(party, { ...remote, keyType: 'RSA', signatureAlgorithm: 'RSA-PSS' }, { signingTime: new Date(), reason: 'x' })).rejects.toThrow(/RSA-PSS is not supported/);
  });

  it('verifies as PAdES-B-B, whole, trusted, signed at the signing time in Vietnam time', async () => {
    const report = (await verifyPdf(signed, keys.trustAnchors))!;
    expect(report).toMatchObject({ valid: true, coversWholeDocument: true, trusted: true, pades: 'B-B', subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'SHA-256', signatureAlgorithm: 'sha256WithRSAEncryption', problems: [] });
    expect(report.signingTime).toBe('2015-12-29T09:30:00+07:00');
    expect(report.signer.commonName).toContain('TEST – không có giá trị pháp lý');
    expect(await verifyPdf(party, keys.trustAnchors)).toBeNull();
  });

  it('a one-byte change anywhere in the signed ranges is invalid, for pdfsig and for us', async () => {
    const [, b, c] = (await import('./verify.js')).findSignatures(signed)[0].byteRange;
    // In the rendered body, in the signature dictionary before /Contents, and in the trailer after it.
    for (const at of [Math.floor(party.length / 2), b - 40, c + 20, signed.length - 3]) {
      const tampered = Buffer.from(signed);
      tampered[at] ^= 0x01;
      const report = await verifyPdf(tampered, keys.trustAnchors);
      expect(report?.valid).not.toBe(true);
      const said = pdfsig(tampered);
      expect(said).not.toContain('Signature is Valid.');
    }
  });

  it('bytes appended after the signature are reported as not covering the whole document', async () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% appended\n')]);
    const report = (await verifyPdf(appended, keys.trustAnchors))!;
    expect(report).toMatchObject({ valid: true, coversWholeDocument: false });
    expect(report.problems).toContain('NOT_WHOLE_DOCUMENT');
    expect(pdfsig(appended)).not.toContain('Total document signed');
  });

  it('a PDF signed by another key under another CA is valid but not trusted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-other-'));
    const other = await makeCertificateAuthority('Other CA', { notBefore: new Date('2000-01-01'), notAfter: new Date('2099-01-01') });
    const { path } = await writeP12(dir, 'other.p12', other, { CN: 'Someone else', O: 'Elsewhere' }, { notBefore: new Date('2000-01-01'), notAfter: new Date('2099-01-01') });
    const otherKeys = await SigningKeys.load({ p12Path: path, p12Password: TEST_P12_PASSWORD, trustAnchorFiles: [] });
    const foreign = await signPdf(party, (await otherKeys.signerFor(UNIT))!, { signingTime: AT, reason: 'x' });
    const report = (await verifyPdf(foreign, keys.trustAnchors))!;
    expect(report).toMatchObject({ valid: true, coversWholeDocument: true, trusted: false });
    expect(report.problems).toEqual(['UNTRUSTED']);
    expect(pdfsig(foreign, caPem)).not.toContain('Certificate is Trusted.');
  });

  it('a wrong PKCS#12 password is refused at load, without the password in the message', async () => {
    const test = await testSigningKeys();
    await expect(SigningKeys.load({ p12Path: test.env.SIGNING_P12, p12Password: 'wrong-password-xyz', trustAnchorFiles: [] })).rejects.toThrow(/installation\.p12/);
    await expect(SigningKeys.load({ p12Path: test.env.SIGNING_P12, p12Password: 'wrong-password-xyz', trustAnchorFiles: [] })).rejects.not.toThrow(/wrong-password-xyz/);
  });

  it('demo mode makes a demo CA once, and a demo certificate per issuing unit saying it has no legal value', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pc-demo-')), 'signing');
    const first = await SigningKeys.load({ demoDir: dir, trustAnchorFiles: [] });
    const signer = (await first.signerFor(UNIT))!;
    const demoSigned = await signPdf(party, signer, { signingTime: new Date(), reason: 'Ban hành' });
    const report = (await verifyPdf(demoSigned, first.trustAnchors))!;
    expect(report).toMatchObject({ valid: true, trusted: true, coversWholeDocument: true });
    expect(report.signer.commonName).toBe('Ban Thường vụ Quận ủy Long Biên (DEMO – không có giá trị pháp lý)');
    expect(report.signer.issuer).toContain('DEMO – không có giá trị pháp lý');
    // A restart reads the same CA and the same unit key back.
    const second = await SigningKeys.load({ demoDir: dir, trustAnchorFiles: [] });
    expect(Buffer.from(second.trustAnchors[0]).equals(Buffer.from(first.trustAnchors[0]))).toBe(true);
    expect(Buffer.from((await second.signerFor(UNIT))!.certificate).equals(Buffer.from(signer.certificate))).toBe(true);
    const other = (await second.signerFor({ id: '00000000-0000-4000-8000-000000000002', name: 'Ban Quản lý Khu kinh tế tỉnh Kon Tum' }))!;
    expect((await verifyPdf(await signPdf(party, other, { signingTime: new Date(), reason: 'x' }), second.trustAnchors))!.trusted).toBe(true);
  });
});
