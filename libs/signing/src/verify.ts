import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { vietnamIso } from './vietnam-time.js';


/** What a PDF's signature says, checked: the answer of GET /plans/:id/signature and POST /documents/verify. */
export interface SignatureReport {
  /** The CMS signature verifies over the signed byte ranges (messageDigest, signature, signingCertificateV2). */
  valid: boolean;
  /** The signed ranges are the whole file but the signature's own /Contents: nothing appended, nothing left out. */
  coversWholeDocument: boolean;
  /** The signer's certificate chains to a configured trust anchor and was valid at the signing time. */
  trusted: boolean;
  signer: CertificateSummary;
  /** From the signed signingTime attribute, in Vietnam time; null if absent. */
  signingTime: string | null;
  /** "SHA-256" */
  digestAlgorithm: string;
  /** "sha256WithRSAEncryption", "ecdsa-with-SHA256" … */
  signatureAlgorithm: string;
  /** The signature dictionary's /SubFilter: "ETSI.CAdES.detached" for PAdES. */
  subFilter: string | null;
  /** PAdES-B-B: ETSI.CAdES.detached with a signingCertificateV2 that names the signer's certificate. */
  pades: 'B-B' | null;
  /** Bytes covered by the signature, and the file's size. */
  signedBytes: number;
  documentBytes: number;
  /** Signatures found in the file; the report is about the last one. */
  signatureCount: number;
  /** Why a check failed, as stable codes (empty when all hold). */
  problems: string[];
}

export interface CertificateSummary {
  subject: string;
  commonName: string | null;
  issuer: string;
  /** Lowercase hex. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

interface FoundSignature {
  byteRange: [number, number, number, number];
  contents: Buffer;
  subFilter: string | null;
}

const OIDS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.3.14.3.2.26': 'SHA-1',
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
};
const SIGNING_TIME = '1.2.840.113549.1.9.5';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const NAME_TYPES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '1.2.840.113549.1.9.1': 'E' };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * The signature dictionaries of a PDF, found by their /ByteRange: the gap between the two
 * ranges is the /Contents hex string. Read from the bytes, not through a PDF parser, so a
 * damaged or appended-to file is still examined as it is.
 */
export function findSignatures(pdf: Buffer): FoundSignature[] {
  const text = pdf.toString('latin1');
  const found: FoundSignature[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const [a, b, c] = range;
    if (b <= a || c <= b || c > pdf.length) continue;
    const gap = text.slice(a + b, c);
    const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(gap);
    if (!hex) continue;
    // The dictionary around it: from its "obj" to its "endobj", the contents left out.
    const start = text.lastIndexOf(' obj', a + b);
    const end = text.indexOf('endobj', c);
    const dict = text.slice(Math.max(0, start), a + b) + text.slice(c, end < 0 ? c + 2048 : end);
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null;
    found.push({ byteRange: range, contents: trimmedDer(Buffer.from(hex[1].replace(/\s/g, ''), 'hex')), subFilter });
  }
  return found;
}

/** The CMS without the zero padding that fills the rest of /Contents. */
function trimmedDer(bytes: Buffer): Buffer {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  return parsed.offset > 0 ? bytes.subarray(0, parsed.offset) : bytes;
}

/**
 * Checks the last signature of a PDF against the given trust anchors (DER). Null when the
 * file holds no signature. Never throws for a damaged signature: what fails is in `problems`.
 */
export async function verifyPdf(pdf: Buffer, trustAnchors: Uint8Array[]): Promise<SignatureReport | null> {
  const signatures = findSignatures(pdf);
  const last = signatures.at(-1);
  if (!last) return null;
  const [a, b, c, d] = last.byteRange;
  const problems: string[] = [];
  const coversWholeDocument = a === 0 && c + d === pdf.length;
  if (!coversWholeDocument) problems.push(c + d > pdf.length ? 'BYTE_RANGE_BEYOND_FILE' : 'NOT_WHOLE_DOCUMENT');
  const signed = c + d <= pdf.length ? Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) : Buffer.alloc(0);

  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(last.contents));
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    return unreadable(last, pdf, signatures.length, signed.length);
  }
  const signerInfo = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
  const signerCertificate = signerInfo && certificates.find((cert) => matchesSid(cert, signerInfo.sid));
  if (!signerInfo || !signerCertificate) return unreadable(last, pdf, signatures.length, signed.length);

  let valid = signatureHolds(signerInfo, signerCertificate, signed);
  if (!valid) problems.push('SIGNATURE_INVALID');

  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const timeValue = attributes.find((x) => x.type === SIGNING_TIME)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const signingTime = timeValue ? timeValue.toDate() : null;
  const certDer = new Uint8Array(signerCertificate.toSchema().toBER(false));
  const essOk = signingCertificateV2Names(attributes.find((x) => x.type === SIGNING_CERTIFICATE_V2)?.values[0], certDer);
  if (essOk === false) problems.push('SIGNING_CERTIFICATE_MISMATCH');
  if (essOk === false) valid = false;

  const trusted = await chainsToAnchor(signerCertificate, certificates, trustAnchors, signingTime ?? new Date());
  if (!trusted) problems.push('UNTRUSTED');
  const subFilter = last.subFilter;
  return {
    valid,
    coversWholeDocument,
    trusted,
    signer: summary(signerCertificate),
    signingTime: signingTime ? vietnamIso(signingTime) : null,
    digestAlgorithm: OIDS[signerInfo.digestAlgorithm.algorithmId] ?? signerInfo.digestAlgorithm.algorithmId,
    signatureAlgorithm: OIDS[signerInfo.signatureAlgorithm.algorithmId] ?? signerInfo.signatureAlgorithm.algorithmId,
    subFilter,
    pades: subFilter === 'ETSI.CAdES.detached' && essOk === true ? 'B-B' : null,
    signedBytes: signed.length,
    documentBytes: pdf.length,
    signatureCount: signatures.length,
    problems,
  };
}

function unreadable(found: FoundSignature, pdf: Buffer, count: number, signedBytes: number): SignatureReport {
  const [a, , c, d] = found.byteRange;
  return {
    valid: false,
    coversWholeDocument: a === 0 && c + d === pdf.length,
    trusted: false,
    signer: { subject: '', commonName: null, issuer: '', serialNumber: '', notBefore: '', notAfter: '' },
    signingTime: null,
    digestAlgorithm: '',
    signatureAlgorithm: '',
    subFilter: found.subFilter,
    pades: null,
    signedBytes,
    documentBytes: pdf.length,
    signatureCount: count,
    problems: ['SIGNATURE_UNREADABLE'],
  };
}

const NODE_DIGESTS: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * RFC 5652 §5.4/§5.6 with signed attributes (which PAdES requires): the messageDigest attribute
 * is the digest of the signed bytes, and the signature verifies over the DER of the attributes
 * as a SET OF, under the certificate's public key (Node's OpenSSL, not WebCrypto: pkijs'
 * WebCrypto path fails inside Jest's module sandbox).
 */
function signatureHolds(signerInfo: pkijs.SignerInfo, certificate: pkijs.Certificate, signed: Buffer): boolean {
  try {
    const digest = NODE_DIGESTS[OIDS[signerInfo.digestAlgorithm.algorithmId] ?? ''];
    const attributes = signerInfo.signedAttrs;
    if (!digest || !attributes) return false;
    const messageDigest = attributes.attributes.find((x) => x.type === '1.2.840.113549.1.9.4')?.values[0];
    if (!(messageDigest instanceof asn1js.OctetString)) return false;
    if (!Buffer.from(messageDigest.valueBlock.valueHexView).equals(createHash(digest).update(signed).digest())) return false;
    // Signed as a SET OF (tag 0x31), though stored as [0] IMPLICIT.
    const der = Buffer.from(attributes.encodedValue);
    der[0] = 0x31;
    const key = new X509Certificate(Buffer.from(certificate.toSchema().toBER(false))).publicKey;
    const algorithm = signerInfo.signatureAlgorithm.algorithmId;
    if (algorithm === '1.2.840.113549.1.1.10') return false; // RSASSA-PSS: not produced here; refused rather than half-checked.
    return verifySignature(digest, der, key, Buffer.from(signerInfo.signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function matchesSid(cert: pkijs.Certificate, sid: pkijs.IssuerAndSerialNumber | asn1js.OctetString): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
  const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
  return ski !== undefined && ski.isEqual(sid);
}

/**
 * ESS signingCertificateV2 (RFC 5035): true when its first ESSCertIDv2 hashes the signer's
 * certificate, false when it names another, undefined when absent.
 */
function signingCertificateV2Names(value: unknown, certDer: Uint8Array): boolean | undefined {
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const certs = value.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return false;
  const [head, next] = first.valueBlock.value;
  let hash = 'sha256';
  let certHash: asn1js.OctetString | undefined;
  if (head instanceof asn1js.OctetString) certHash = head;
  else if (head instanceof asn1js.Sequence && next instanceof asn1js.OctetString) {
    const oid = (head.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    hash = ({ 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as Record<string, string>)[OIDS[oid] ?? ''] ?? '';
    certHash = next;
  }
  if (!certHash || !hash) return false;
  return Buffer.from(certHash.valueBlock.valueHexView).equals(createHash(hash).update(certDer).digest());
}

async function chainsToAnchor(signer: pkijs.Certificate, embedded: pkijs.Certificate[], anchors: Uint8Array[], at: Date): Promise<boolean> {
  if (anchors.length === 0) return false;
  try {
    const trustedCerts = anchors.map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der)));
    const others = embedded.filter((c) => c !== signer);
    // The engine builds the path of the last certificate it is given.
    const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts, certs: [...others, signer], checkDate: at });
    const result = await engine.verify();
    return result.result === true;
  } catch {
    return false;
  }
}

/** Most specific first (RFC 4514 order): "CN=…, O=…, C=VN". */
function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues].reverse().map((tv) => `${NAME_TYPES[tv.type] ?? tv.type}=${tv.value.valueBlock.value as string}`).join(', ');
}

function summary(cert: pkijs.Certificate): CertificateSummary {
  const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return {
    subject: nameText(cert.subject),
    commonName: cn ? (cn.value.valueBlock.value as string) : null,
    issuer: nameText(cert.issuer),
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: vietnamIso(cert.notBefore.value),
    notAfter: vietnamIso(cert.notAfter.value),
  };
}
