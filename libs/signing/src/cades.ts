import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { NULL, octetString, oid, sequence, setOf, smallInteger, tlv, TAG, time } from './der.js';
import type { Signer } from './signer.js';

export type Digest = 'SHA-256' | 'SHA-384' | 'SHA-512';

const DIGESTS: Record<Digest, { oid: string; node: string; rsa: string; ecdsa: string }> = {
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', node: 'sha256', rsa: '1.2.840.113549.1.1.11', ecdsa: '1.2.840.10045.4.3.2' },
  'SHA-384': { oid: '2.16.840.1.101.3.4.2.2', node: 'sha384', rsa: '1.2.840.113549.1.1.12', ecdsa: '1.2.840.10045.4.3.3' },
  'SHA-512': { oid: '2.16.840.1.101.3.4.2.3', node: 'sha512', rsa: '1.2.840.113549.1.1.13', ecdsa: '1.2.840.10045.4.3.4' },
};
const ID_DATA = oid('1.2.840.113549.1.7.1');
const ID_SIGNED_DATA = oid('1.2.840.113549.1.7.2');
const CONTENT_TYPE = oid('1.2.840.113549.1.9.3');
const MESSAGE_DIGEST = oid('1.2.840.113549.1.9.4');
const SIGNING_TIME = oid('1.2.840.113549.1.9.5');
const CMS_ALGORITHM_PROTECTION = oid('1.2.840.113549.1.9.52');
const SIGNING_CERTIFICATE_V2 = oid('1.2.840.113549.1.9.16.2.47');

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue } */
const attribute = (type: Buffer, value: Buffer): Buffer => sequence(type, setOf(value));

/** What does not change from one signature of a signer to the next, in DER. */
interface SignerTemplate {
  digestAlgorithm: Buffer;
  /** SignedData's fields before signerInfos: version, digestAlgorithms, encapContentInfo, certificates. */
  signedDataHead: Buffer;
  /** SignerInfo's fields before signedAttrs: version, sid (issuerAndSerialNumber), digestAlgorithm. */
  signerInfoHead: Buffer;
  signatureAlgorithm: Buffer;
  /** contentType, CMSAlgorithmProtection and ESS signingCertificateV2, as attributes. */
  fixedAttributes: Buffer[];
}

const templates = new WeakMap<Signer, Map<Digest, SignerTemplate>>();

/** The issuer Name and serialNumber of a DER certificate, as the bytes it holds them in (RFC 5280 §4.1). */
function issuerAndSerial(certificate: Uint8Array): { issuer: Buffer; serial: Buffer } {
  const parsed = asn1js.fromBER(certificate.buffer.slice(certificate.byteOffset, certificate.byteOffset + certificate.byteLength) as ArrayBuffer);
  const tbs = parsed.offset === -1 ? undefined : (parsed.result as asn1js.Sequence).valueBlock.value?.[0];
  const fields = tbs instanceof asn1js.Sequence ? tbs.valueBlock.value : [];
  // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer, … }
  const first = fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0 ? 1 : 0;
  const serial = fields[first];
  const issuer = fields[first + 2];
  if (!(serial instanceof asn1js.Integer) || !(issuer instanceof asn1js.Sequence)) throw new Error('The signer certificate is not a DER X.509 certificate');
  return { issuer: Buffer.from(issuer.valueBeforeDecodeView), serial: Buffer.from(serial.valueBeforeDecodeView) };
}

function signatureAlgorithmOf(signer: Signer, digest: Digest): Buffer {
  if (signer.signatureAlgorithm === 'RSASSA-PKCS1-v1_5') return sequence(oid(DIGESTS[digest].rsa), NULL);
  if (signer.signatureAlgorithm === 'ECDSA') return sequence(oid(DIGESTS[digest].ecdsa));
  // RSA-PSS would need its parameters written and checked (RFC 4056); verify.ts refuses it too.
  throw new Error(`The signer's algorithm ${signer.signatureAlgorithm} is not supported: use RSASSA-PKCS1-v1_5 or ECDSA`);
}

/** Computed once per (signer, digest): the certificates, the signer's identifier, the constant attributes. */
function templateFor(signer: Signer, digest: Digest): SignerTemplate {
  let byDigest = templates.get(signer);
  const cached = byDigest?.get(digest);
  if (cached) return cached;
  const { issuer, serial } = issuerAndSerial(signer.certificate);
  const digestAlgorithm = sequence(oid(DIGESTS[digest].oid));
  const signatureAlgorithm = signatureAlgorithmOf(signer, digest);
  // certificates [0] IMPLICIT CertificateSet (a SET OF, so in DER order).
  const certificates = setOf(signer.certificate, ...signer.certificateChain);
  certificates[0] = TAG.context(0);
  // ESS signingCertificateV2 (RFC 5035): SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, ESSCertIDv2 ::=
  // SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial SEQUENCE { GeneralNames, serial } }.
  const certHash = createHash(DIGESTS[digest].node).update(signer.certificate).digest();
  const issuerSerial = sequence(sequence(tlv(TAG.context(4), issuer)), serial);
  const essCertId = digest === 'SHA-256' ? sequence(octetString(certHash), issuerSerial) : sequence(digestAlgorithm, octetString(certHash), issuerSerial);
  // CMSAlgorithmProtection (RFC 6211): SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT }.
  const signatureAlgorithmImplicit = Buffer.from(signatureAlgorithm);
  signatureAlgorithmImplicit[0] = TAG.context(1);
  const template: SignerTemplate = {
    digestAlgorithm,
    signedDataHead: Buffer.concat([smallInteger(1), setOf(digestAlgorithm), sequence(ID_DATA), certificates]),
    signerInfoHead: Buffer.concat([smallInteger(1), sequence(issuer, serial), digestAlgorithm]),
    signatureAlgorithm,
    fixedAttributes: [
      attribute(CONTENT_TYPE, ID_DATA),
      attribute(CMS_ALGORITHM_PROTECTION, sequence(digestAlgorithm, signatureAlgorithmImplicit)),
      attribute(SIGNING_CERTIFICATE_V2, sequence(sequence(essCertId))),
    ],
  };
  if (!byDigest) templates.set(signer, (byDigest = new Map()));
  byDigest.set(digest, template);
  return template;
}

/**
 * A CMS SignedData (RFC 5652) as CAdES-B-B / PAdES wants it (ETSI EN 319 122-1): detached (no
 * eContent), the signer identified by issuer and serial number, and signed attributes
 * contentType, signingTime, messageDigest, CMSAlgorithmProtection and ESS signingCertificateV2,
 * the signer's certificate and chain included. Per call only the signed attributes are written,
 * signed (`signer.sign` hashes and signs their DER as a SET OF) and put together with the parts
 * cached for the signer. Returns the DER ContentInfo.
 */
export async function cadesDetached(signer: Signer, digest: Digest, contentDigest: Uint8Array, signingTime: Date): Promise<Buffer> {
  const t = templateFor(signer, digest);
  const signedAttributes = setOf(...t.fixedAttributes, attribute(SIGNING_TIME, time(signingTime)), attribute(MESSAGE_DIGEST, octetString(contentDigest)));
  const signature = await signer.sign(signedAttributes, digest);
  // In SignerInfo the same bytes are tagged [0] IMPLICIT (RFC 5652 §5.3, §5.4).
  const implicit = Buffer.from(signedAttributes);
  implicit[0] = TAG.context(0);
  const signerInfo = sequence(t.signerInfoHead, implicit, t.signatureAlgorithm, octetString(signature));
  return sequence(ID_SIGNED_DATA, tlv(TAG.context(0), sequence(t.signedDataHead, setOf(signerInfo))));
}
