/**
 * Strict parsers for what crosses a trust boundary (API queries, bundles, notes). Node's own
 * decoders are lenient: `BigInt(' 16 ')`, `Number('0x10')` and `Buffer.from(s, 'base64')`
 * accept what no other implementation would, so two verifiers could disagree on one input.
 */

export const HASH_SIZE = 32;

/** A parse failure; `code` says which rule failed, for messages and tests. */
export class FormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A tree size or index: ASCII decimal, no sign, no leading zero, no space, at most 2^53 − 1. */
export function parseSize(text: string, what = 'size'): number {
  if (typeof text !== 'string' || !DECIMAL.test(text)) throw new FormatError('BAD_NUMBER', `${what} must be a decimal number without sign, spaces or leading zeros`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new FormatError('BAD_NUMBER', `${what} is too large`);
  return value;
}

/** Standard base64 (RFC 4648 §4) in its one canonical spelling: padded, no whitespace, zero pad bits. */
export function decodeBase64(text: string, what = 'base64'): Buffer {
  if (typeof text !== 'string' || !BASE64.test(text)) throw new FormatError('BAD_BASE64', `${what} is not canonical base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new FormatError('BAD_BASE64', `${what} is not canonical base64`);
  return bytes;
}

/** A SHA-256 hash in base64: exactly 32 bytes. */
export function decodeHash(text: string, what = 'hash'): Buffer {
  const bytes = decodeBase64(text, what);
  if (bytes.length !== HASH_SIZE) throw new FormatError('BAD_HASH', `${what} must be ${HASH_SIZE} bytes, not ${bytes.length}`);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
