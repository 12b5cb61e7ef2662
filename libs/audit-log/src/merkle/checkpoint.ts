import { decodeBase64, decodeHash, encodeBase64, FormatError, parseSize } from './encoding.js';
import { openNote, parseNote, type VerifierKey } from './note.js';

/*
 * C2SP tlog-checkpoint v1: `<origin>\n<tree size>\n<base64 root>\n` and optional extension
 * lines, as a signed note; and C2SP tlog-proof v1, an inclusion proof bundled with one.
 */

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Extension lines after the root, if any (we write none). */
  extensions: string[];
}

export function formatCheckpoint(origin: string, size: number, root: Uint8Array): string {
  if (origin.length === 0 || origin.includes('\n')) throw new FormatError('BAD_CHECKPOINT', 'The origin is one non-empty line');
  return `${origin}\n${size}\n${encodeBase64(root)}\n`;
}

/** Parses a checkpoint body (the note text). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new FormatError('BAD_CHECKPOINT', 'A checkpoint ends in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new FormatError('BAD_CHECKPOINT', 'A checkpoint has an origin, a size and a root hash');
  const [origin, size, root, ...extensions] = lines;
  if (origin.length === 0) throw new FormatError('BAD_CHECKPOINT', 'The origin is empty');
  if (extensions.some((l) => l.length === 0)) throw new FormatError('BAD_CHECKPOINT', 'Extension lines are non-empty');
  return { origin, size: parseSize(size, 'tree size'), root: decodeHash(root, 'root hash'), extensions };
}

/** Verifies a signed checkpoint with the trusted keys (whose name must be its origin) and parses it. */
export function openCheckpoint(message: string, trusted: VerifierKey[]): Checkpoint & { verifiedBy: VerifierKey[] } {
  const { text, verifiedBy } = openNote(message, trusted);
  const checkpoint = parseCheckpoint(text);
  const named = verifiedBy.filter((k) => k.name === checkpoint.origin);
  if (named.length === 0) throw new FormatError('ORIGIN_MISMATCH', `The checkpoint's origin "${checkpoint.origin}" is not the name of the key that signed it`);
  return { ...checkpoint, verifiedBy: named };
}

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export function formatTlogProof(index: number, hashes: Uint8Array[], signedCheckpoint: string): string {
  return `${TLOG_PROOF_HEADER}\nindex ${index}\n${hashes.map((h) => `${encodeBase64(h)}\n`).join('')}\n${signedCheckpoint}`;
}

export interface TlogProof {
  extra?: Buffer;
  index: number;
  hashes: Buffer[];
  /** The signed checkpoint, verbatim. */
  checkpoint: string;
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  if (lines[0] !== TLOG_PROOF_HEADER) throw new FormatError('BAD_PROOF', `A proof starts with ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Buffer | undefined;
  if (lines[at]?.startsWith('extra ')) extra = decodeBase64(lines[at++].slice(6), 'extra');
  if (!lines[at]?.startsWith('index ')) throw new FormatError('BAD_PROOF', 'The index line is missing');
  const index = parseSize(lines[at++].slice(6), 'index');
  const hashes: Buffer[] = [];
  while (at < lines.length && lines[at] !== '') hashes.push(decodeHash(lines[at++], 'proof hash'));
  if (at >= lines.length) throw new FormatError('BAD_PROOF', 'The blank line before the checkpoint is missing');
  const checkpoint = lines.slice(at + 1).join('\n');
  parseNote(checkpoint);
  return { extra, index, hashes, checkpoint };
}
