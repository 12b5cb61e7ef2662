import { execFileSync, spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueSigningCertificate, KeyAndCertificate, makeCertificateAuthority, toPkcs12 } from '@app/signing';

export const TEST_P12_PASSWORD = 'test-p12-password-5b1e';

export interface TestKeys {
  dir: string;
  ca: KeyAndCertificate;
  caPem: string;
  /** The installation key's PKCS#8 bytes: what must never reach a response, a log line or the database. */
  privateKey: Buffer;
  /** The environment that makes the API sign with the installation key below and trust the CA. */
  env: Record<string, string>;
}

const VALID = { notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2099-12-31T00:00:00Z') };

let keys: Promise<TestKeys> | undefined;

/** Once per test file: a throwaway CA and an installation signing key under it, as PKCS#12 in a temporary folder. */
export function testSigningKeys(): Promise<TestKeys> {
  keys ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-keys-'));
    const ca = await makeCertificateAuthority('plan-cascade Test CA (TEST – không có giá trị pháp lý)', VALID);
    const caPem = ca.certificate.toString('pem');
    writeFileSync(join(dir, 'ca.pem'), caPem);
    const installation = await writeP12(dir, 'installation.p12', ca, { CN: 'Cài đặt thử nghiệm (TEST – không có giá trị pháp lý)', O: 'plan-cascade test' }, VALID);
    return {
      dir,
      ca,
      caPem,
      privateKey: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', installation.entry.keys.privateKey)),
      env: { SIGNING_P12: join(dir, 'installation.p12'), SIGNING_P12_PASSWORD: TEST_P12_PASSWORD, SIGNING_TRUST_ANCHORS: join(dir, 'ca.pem') },
    };
  })();
  return keys;
}

/** A PKCS#12 signed by `ca` with the given subject and validity, written to dir/name. */
export async function writeP12(dir: string, name: string, ca: KeyAndCertificate, subject: { CN: string; O: string }, validity: { notBefore: Date; notAfter: Date }): Promise<{ path: string; entry: KeyAndCertificate }> {
  const entry = await issueSigningCertificate(ca, subject, validity);
  const path = join(dir, name);
  writeFileSync(path, await toPkcs12(entry, [ca.certificate], TEST_P12_PASSWORD));
  return { path, entry };
}

/** What poppler's pdfsig says of the PDF; with `trust`, the CA (PEM) is trusted in a fresh NSS database made by certutil. */
export function pdfsig(pdf: Buffer, trust?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pc-pdfsig-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const args = [file];
    if (trust) {
      const nss = join(dir, 'nss');
      execFileSync('mkdir', [nss]);
      execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
      writeFileSync(join(dir, 'ca.pem'), trust);
      // Trusted to issue certificates for every use: SSL, e-mail/document signing, code.
      execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'test-ca', '-t', 'CT,C,C', '-i', join(dir, 'ca.pem')]);
      args.unshift('-nssdir', `sql:${nss}`);
    }
    // pdfsig exits 0 for an invalid signature too: the verdict is in what it prints.
    const run = spawnSync('pdfsig', args, { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qpdf --check`: its exit status (0 good, 2 errors, 3 warnings) and what it printed. */
export function qpdfCheck(pdf: Buffer): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-qpdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl cms -verify` of a detached CMS (DER) over `content`, the certificate chain not checked: its exit status and what it printed. */
export function opensslCmsVerify(cms: Buffer, content: Buffer): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-cms-'));
  try {
    writeFileSync(join(dir, 'cms.der'), cms);
    writeFileSync(join(dir, 'content.bin'), content);
    const run = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'cms.der'), '-content', join(dir, 'content.bin'), '-noverify', '-out', join(dir, 'out.bin')], { encoding: 'utf8' });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** qpdf's JSON view (version 2) of a PDF: `keys` such as 'pages', 'acroform', or objects with `--json-object`. */
export function qpdfJson(pdf: Buffer, ...args: string[]): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'pc-qpdf-json-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return JSON.parse(execFileSync('qpdf', ['--json=2', ...args, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qpdf` run on a PDF with the given options, returning the file it writes (to make xref streams, encryption …). */
export function qpdfRewrite(pdf: Buffer, ...args: string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pc-qpdf-out-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
