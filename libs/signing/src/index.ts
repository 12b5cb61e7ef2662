export { DEMO_MARK, issueSigningCertificate, makeCertificateAuthority, readCertificates, toPkcs12, type KeyAndCertificate } from './certificates.js';
export { SigningKeys, type KeySourceConfig } from './keys.js';
export { signPdf, UnsupportedPdfError, type SignOptions } from './pades.js';
export type { IssuingUnit, Signer } from './signer.js';
export { findSignatures, verifyPdf, type CertificateSummary, type SignatureReport } from './verify.js';
export { vietnamIso } from './vietnam-time.js';
export { SigningModule } from './signing.module.js';
export { readPng, type PngFacts } from './png.js';
