import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { P12Signer } from '@libpdf/core';
import * as pkijs from 'pkijs';
import { DEMO_MARK, issueSigningCertificate, KeyAndCertificate, makeCertificateAuthority, readCertificates, toPkcs12, x509 } from './certificates.js';
import type { IssuingUnit, Signer } from './signer.js';

/** Where the keys come from: paths and passwords from configuration, never the database or a request. */
export interface KeySourceConfig {
  /** One PKCS#12 for the installation: signs for every unit without a key of its own. */
  p12Path?: string;
  /** A folder of `<unit id>.p12` files: a unit's own key, used for its documents. */
  unitKeysDir?: string;
  /** The password of those PKCS#12 files. */
  p12Password?: string;
  /** Certificate files (PEM or DER) whose chains are trusted, e.g. the government specialised CA's root. */
  trustAnchorFiles: string[];
  /** Demo only, with no key configured: where the demo CA and the demo certificates are kept. */
  demoDir?: string;
}

const UNIT_FILE = /^([0-9a-f-]{36})\.p12$/i;
const DAY = 24 * 3600 * 1000;

/**
 * The signing keys of this installation, loaded once at start and kept in memory: a PKCS#12
 * per issuing unit and/or one for the installation (software keys). In demo mode with none
 * configured, a demo CA is made (or read back) in the demo folder and each issuing unit gets a
 * demo certificate, saying it has no legal value, the first time it issues.
 */
export class SigningKeys {
  private readonly units = new Map<string, Promise<Signer>>();
  private installation?: Signer;
  private demo?: { dir: string; ca: KeyAndCertificate; password: string };
  private anchors: Uint8Array[] = [];

  private constructor() {}

  static async load(config: KeySourceConfig): Promise<SigningKeys> {
    const keys = new SigningKeys();
    for (const file of config.trustAnchorFiles) {
      for (const cert of readCertificates(await readFile(file))) keys.anchors.push(new Uint8Array(cert.rawData));
    }
    const configured = config.p12Path !== undefined || config.unitKeysDir !== undefined;
    if (configured) {
      const password = config.p12Password ?? '';
      if (config.p12Path) keys.installation = await loadP12(config.p12Path, password);
      if (config.unitKeysDir) {
        for (const name of await readdir(config.unitKeysDir)) {
          const unitId = UNIT_FILE.exec(name)?.[1]?.toLowerCase();
          if (unitId) keys.units.set(unitId, Promise.resolve(await loadP12(join(config.unitKeysDir, name), password)));
        }
      }
    } else if (config.demoDir) {
      keys.demo = await openDemoCa(config.demoDir);
      keys.anchors.push(new Uint8Array(keys.demo.ca.certificate.rawData));
      for (const name of existsSync(join(config.demoDir, 'units')) ? await readdir(join(config.demoDir, 'units')) : []) {
        const unitId = UNIT_FILE.exec(name)?.[1]?.toLowerCase();
        if (unitId) keys.units.set(unitId, loadP12(join(config.demoDir, 'units', name), keys.demo.password));
      }
    }
    return keys;
  }

  /** Whether anything can sign: without a key, ISSUE is refused. */
  get configured(): boolean {
    return this.installation !== undefined || this.units.size > 0 || this.demo !== undefined;
  }

  get isDemo(): boolean {
    return this.demo !== undefined;
  }

  /** The demo CA's subject and folder, for the start-up log (no secret in it). */
  get demoDescription(): { subject: string; dir: string; units: number } | undefined {
    return this.demo && { subject: this.demo.ca.certificate.subject, dir: this.demo.dir, units: this.units.size };
  }

  /** DER certificates whose chains count as trusted. */
  get trustAnchors(): Uint8Array[] {
    return this.anchors;
  }

  /** How many keys were loaded (the installation's and the units'). */
  get loadedKeys(): number {
    return this.units.size + (this.installation ? 1 : 0);
  }

  /** The signer of an issuing unit: its own key, else the installation's; in demo mode one is made. Null: none. */
  async signerFor(unit: IssuingUnit): Promise<Signer | null> {
    const own = this.units.get(unit.id);
    if (own) return own;
    if (this.demo) {
      const made = this.makeDemoSigner(unit);
      this.units.set(unit.id, made);
      made.catch(() => this.units.delete(unit.id));
      return made;
    }
    return this.installation ?? null;
  }

  private async makeDemoSigner(unit: IssuingUnit): Promise<Signer> {
    const demo = this.demo!;
    const now = Date.now();
    const entry = await issueSigningCertificate(demo.ca, { CN: `${unit.name} ${DEMO_MARK}`, O: unit.name }, { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 5 * 365 * DAY) });
    const file = join(demo.dir, 'units', `${unit.id}.p12`);
    await mkdir(join(demo.dir, 'units'), { recursive: true });
    await writeFile(file, await toPkcs12(entry, [demo.ca.certificate], demo.password), { mode: 0o600 });
    return loadP12(file, demo.password);
  }
}

async function loadP12(path: string, password: string): Promise<Signer> {
  try {
    return await P12Signer.create(new Uint8Array(await readFile(path)), password);
  } catch (error) {
    // The message names the file, never the password.
    throw new Error(`Cannot read the signing key ${basename(path)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * The demo CA of this data folder: made on the first start (its key in a PKCS#12 under a
 * random password kept beside it, readable by the owner only), read back afterwards.
 */
async function openDemoCa(dir: string): Promise<{ dir: string; ca: KeyAndCertificate; password: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dir, 'password');
  const caFile = join(dir, 'demo-ca.p12');
  if (!existsSync(passwordFile) || !existsSync(caFile)) {
    const password = randomBytes(24).toString('base64url');
    const now = Date.now();
    const ca = await makeCertificateAuthority(`plan-cascade Demo CA ${DEMO_MARK}`, { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 10 * 365 * DAY) });
    await writeFile(passwordFile, password, { mode: 0o600 });
    await writeFile(caFile, await toPkcs12(ca, [], password), { mode: 0o600 });
    await writeFile(join(dir, 'demo-ca.pem'), ca.certificate.toString('pem'));
    await chmod(dir, 0o700);
    return { dir, ca, password };
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return { dir, ca: await readKeyAndCertificate(caFile, password), password };
}

/** The CA's key back from its PKCS#12, as a CryptoKey pair that can issue certificates. */
async function readKeyAndCertificate(path: string, password: string): Promise<KeyAndCertificate> {
  const pw = new TextEncoder().encode(password).buffer as ArrayBuffer;
  const pfx = pkijs.PFX.fromBER(new Uint8Array(await readFile(path)));
  await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
  const safe = pfx.parsedValue!.authenticatedSafe!;
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
  let pkcs8: ArrayBuffer | undefined;
  let certificate: x509.X509Certificate | undefined;
  for (const content of safe.parsedValue!.safeContents) {
    for (const bag of content.value.safeBags) {
      if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password: pw });
        pkcs8 = bag.bagValue.parsedValue!.toSchema().toBER(false);
      } else if (bag.bagValue instanceof pkijs.CertBag && !certificate) {
        certificate = new x509.X509Certificate((bag.bagValue.parsedValue as pkijs.Certificate).toSchema().toBER(false));
      }
    }
  }
  if (!pkcs8 || !certificate) throw new Error(`${basename(path)} holds no key or no certificate`);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
  const publicKey = await certificate.publicKey.export(algorithm, ['verify'], webcrypto as unknown as Crypto);
  return { keys: { privateKey, publicKey } as CryptoKeyPair, certificate };
}
