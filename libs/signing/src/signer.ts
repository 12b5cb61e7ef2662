/**
 * Where a signature's private key lives. ISSUE asks for "the signer of this issuing unit" and
 * hands it the bytes to sign; whether the key is a PKCS#12 file in memory (now), an HSM, a USB
 * token or a CA's remote-signing service (later) is the implementation's business. The shape
 * is what a CMS SignerInfo needs: the certificate, its chain, and a raw signature.
 */
export interface Signer {
  /** DER X.509 certificate of the signing key. */
  readonly certificate: Uint8Array;
  /** DER certificates above it, intermediate first (the root may be left out). */
  readonly certificateChain: Uint8Array[];
  readonly keyType: 'RSA' | 'EC';
  readonly signatureAlgorithm: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA';
  /** Hashes `data` with `digest` and signs it (RSA: PKCS#1 bytes; ECDSA: DER SEQUENCE {r, s}). */
  sign(data: Uint8Array, digest: 'SHA-256' | 'SHA-384' | 'SHA-512'): Promise<Uint8Array>;
}

/** A unit as a key source sees it: the id it is configured under, the name a demo certificate carries. */
export interface IssuingUnit {
  id: string;
  name: string;
}
