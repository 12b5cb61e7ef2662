import { PDF } from '@libpdf/core';
import type { Signer } from './signer.js';

export interface SignOptions {
  /** The instant of signing; the CMS signingTime attribute (UTC by definition) and /M carry it. */
  signingTime: Date;
  /** /Reason: why the document is signed ("Ban hành 17-KH/QU"). */
  reason: string;
  /** /Location: the place of issue, as on the document. */
  location?: string;
  /** /Name: who signed, in words. */
  name?: string;
}

/** Room for the CMS in /Contents: a 2048-bit RSA signature with two certificates is about 3 KB. */
const CONTENTS_RESERVE = 8192;

/**
 * Signs a PDF as PAdES-B-B: one incremental update appended to the rendered bytes (classic
 * cross-reference section, as pdfkit writes), a signature dictionary with SubFilter
 * ETSI.CAdES.detached whose ByteRange covers the whole file but the signature itself, and a
 * CMS SignedData with the ESS signingCertificateV2 attribute. The rendered bytes stay a
 * prefix of the signed file.
 */
export async function signPdf(pdf: Uint8Array, signer: Signer, options: SignOptions): Promise<Buffer> {
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
    estimatedSize: CONTENTS_RESERVE,
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
