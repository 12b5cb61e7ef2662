import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** What a demo (or test) certificate says of itself: the subject's Vietnamese name, never mistaken for a real one. */
export const DEMO_MARK = '(DEMO – không có giá trị pháp lý)';

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface KeyAndCertificate {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

/** An X.500 name from its attributes: `CN` and `O` take any Unicode (UTF8String). */
const nameOf = (attributes: { CN: string; O?: string }) =>
  new x509.Name([{ C: ['VN'] }, ...(attributes.O ? [{ O: [attributes.O] }] : []), { CN: [attributes.CN] }]);

const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^[89a-f]/, '1');

/** A self-signed root for demo or test use (RSA 2048, SHA-256). */
export async function makeCertificateAuthority(commonName: string, validity: { notBefore: Date; notAfter: Date }): Promise<KeyAndCertificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: nameOf({ CN: commonName, O: 'plan-cascade' }),
    ...validity,
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, certificate };
}

/** A document-signing certificate of an organisation, issued by `ca`. */
export async function issueSigningCertificate(ca: KeyAndCertificate, subject: { CN: string; O: string }, validity: { notBefore: Date; notAfter: Date }): Promise<KeyAndCertificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: nameOf(subject),
    issuer: ca.certificate.subjectName,
    ...validity,
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      // id-kp-documentSigning (RFC 9336) and emailProtection, which NSS asks of a signer certificate.
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.36', x509.ExtendedKeyUsage.emailProtection]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, certificate };
}

const PKCS12_PARAMS = { hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 };
/** AES-256-CBC, which pkijs' types list only among the GCM parameters. */
const aes = () => ({ name: 'AES-CBC', length: 256 }) as unknown as pkijs.ContentEncryptionAlgorithm;

/**
 * A PKCS#12 file (PBES2/AES-256 key bag, SHA-256 MAC) holding the key, its certificate first
 * and then the chain above it: what `openssl pkcs12 -export` writes and what the software
 * signer reads back.
 */
export async function toPkcs12(entry: KeyAndCertificate, chain: x509.X509Certificate[], password: string): Promise<Buffer> {
  const pw = new TextEncoder().encode(password).buffer as ArrayBuffer;
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', entry.keys.privateKey);
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8) });
  await keyBag.makeInternalValues({ password: pw, ...PKCS12_PARAMS, contentEncryptionAlgorithm: aes() });
  const certBags = [entry.certificate, ...chain].map(
    (c) => new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.3', bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(c.rawData) }) }),
  );
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: keyBag })] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({
    safeContents: [{}, { password: pw, ...PKCS12_PARAMS, contentEncryptionAlgorithm: aes() }],
  });
  await pfx.makeInternalValues({ password: pw, iterations: PKCS12_PARAMS.iterationCount, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' });
  return Buffer.from(pfx.toSchema().toBER(false));
}

/** Certificates from PEM text (any number of blocks) or one DER certificate. */
export { x509 };

export function readCertificates(bytes: Buffer): x509.X509Certificate[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => new x509.X509Certificate(m[0]));
  }
  return [new x509.X509Certificate(new Uint8Array(bytes))];
}

