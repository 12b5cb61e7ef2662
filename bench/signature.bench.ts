/**
 * What one PAdES-B-B signature costs ISSUE in CPU: the lean signer (libs/signing/src/pades.ts:
 * an incremental update written after pdfkit's xref, the CMS in DER from parts cached per
 * signer) against @libpdf/core 0.4.2 (`PDF.load` + `doc.sign`, what ISSUE used before), in the
 * same process and run, in alternating blocks, on the same rendered plan and the same signer
 * (an RSA-2048 demo key behind @libpdf/core's P12Signer, WebCrypto). CPU is the process's
 * (`process.cpuUsage`: every thread, so the RSA operation on libuv's pool counts); the RSA
 * signature alone is measured too.
 *
 *   npm run build && node dist/bench/signature.bench.js
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDF } from '@libpdf/core';
import { renderPdf } from '@app/render';
import { SigningKeys, signPdf, verifyPdf, type Signer, type SignOptions } from '@app/signing';
import { summarise } from './support/stats.js';
// Compiled beside the bench by its npm script (the build leaves test/ out), as bench:render does.
import { PARTY_PLAN } from '../test/support/plan-documents.js';

/** The signer ISSUE used before this one, as it was (libs/signing/src/pades.ts at main a10f6ce). */
async function signWithLibpdf(pdf: Uint8Array, signer: Signer, options: SignOptions): Promise<Buffer> {
  const doc = await PDF.load(pdf);
  const { bytes } = await doc.sign({
    signer,
    reason: options.reason,
    location: options.location,
    contactInfo: options.name,
    signingTime: options.signingTime,
    fieldName: 'ChuKySo',
    subFilter: 'ETSI.CAdES.detached',
    level: 'B-B',
    digestAlgorithm: 'SHA-256',
    estimatedSize: 8192,
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function cpuPerCall(n: number, work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / n;
}

async function main(): Promise<void> {
  const loadBefore = load();
  const rendered = await renderPdf(PARTY_PLAN, { createdAt: new Date('2026-12-07T02:30:00Z') });
  const keys = await SigningKeys.load({ demoDir: join(mkdtempSync(join(tmpdir(), 'pc-bench-sig-')), 'signing'), trustAnchorFiles: [] });
  const signer = (await keys.signerFor({ id: randomUUID(), name: 'Ban Thường vụ Quận ủy Long Biên' }))!;
  const options = (): SignOptions => ({ signingTime: new Date(), reason: 'Ban hành kế hoạch số 17-KH/QU', location: 'Long Biên', name: 'Nguyễn Văn An' });
  const lean = () => signPdf(rendered, signer, options());
  const libpdf = () => signWithLibpdf(rendered, signer, options());
  const rsa = () => signer.sign(new Uint8Array(320), 'SHA-256');

  // Both must verify before they are timed.
  for (const [name, sign] of [['lean', lean], ['@libpdf/core', libpdf]] as const) {
    const report = await verifyPdf(await sign(), keys.trustAnchors);
    if (!report?.valid || !report.coversWholeDocument || report.pades !== 'B-B') throw new Error(`${name}: the signature does not verify`);
  }
  for (let i = 0; i < 30; i++) await Promise.all([lean(), libpdf(), rsa()]); // warm-up

  const blocks = Number(process.env.BENCH_BLOCKS ?? 12);
  const samples = { lean: [] as number[], libpdf: [] as number[], rsa: [] as number[] };
  for (let b = 0; b < blocks; b++) {
    samples.lean.push(await cpuPerCall(200, lean));
    samples.libpdf.push(await cpuPerCall(40, libpdf));
    samples.rsa.push(await cpuPerCall(200, rsa));
  }
  const lean50 = summarise(samples.lean).p50;
  const libpdf50 = summarise(samples.libpdf).p50;
  const rsa50 = summarise(samples.rsa).p50;
  console.log(`Plan PDF ${(rendered.length / 1024).toFixed(1)} KB; RSA-2048 (P12Signer, WebCrypto); medians of ${blocks} alternating blocks (200 / 40 / 200 calls); CPU of the whole process`);
  console.log(`  @libpdf/core 0.4.2 (before):  ${libpdf50.toFixed(2)} ms CPU per signature`);
  console.log(`  lean (this):                  ${lean50.toFixed(2)} ms CPU per signature`);
  console.log(`  ratio lean / @libpdf/core:    ${(lean50 / libpdf50).toFixed(3)} (${(libpdf50 / lean50).toFixed(1)}× less CPU)`);
  console.log(`  of which the RSA signature:   ${rsa50.toFixed(2)} ms CPU (signer.sign alone)`);
  console.log(`  load average before → after:  ${loadBefore} → ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
