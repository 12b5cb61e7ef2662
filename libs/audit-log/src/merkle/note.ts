import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64, encodeBase64, FormatError } from './encoding.js';

/*
 * C2SP signed-note v1 (c2sp.org/signed-note) with Ed25519 signatures (type 0x01), the format of
 * Go's golang.org/x/mod/sumdb/note: a text ending in a newline, a blank line, then lines
 * `— <key name> <base64(4-byte key ID ‖ signature)>`.
 */

const ED25519 = 0x01;
const EM_DASH = '\u2014';
/** Verifiers must accept 16 signatures; more than this is refused as abuse. */
const MAX_SIGNATURES = 100;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A key that can verify notes: its name, its 4-byte ID and the Ed25519 public key. */
export interface VerifierKey {
  name: string;
  keyId: number;
  publicKey: Buffer;
  /** `name+hex(keyID)+base64(0x01 ‖ public key)`, as Go's note.NewVerifier reads it. */
  text: string;
}

export interface SignerKey extends VerifierKey {
  privateKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Buffer;
}

export interface Note {
  /** The signed text, its final newline included. */
  text: string;
  signatures: NoteSignature[];
}

/** Key names are non-empty and hold no Unicode space and no `+`. */
export function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name) || hasControl(name)) throw new FormatError('BAD_KEY_NAME', 'A key name must be non-empty, without spaces or "+"');
}

function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/** key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian. */
export function keyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(publicKey).digest().readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function verifierFrom(name: string, publicKey: Buffer): VerifierKey {
  checkKeyName(name);
  const id = keyId(name, publicKey);
  return { name, keyId: id, publicKey, text: `${name}+${hex8(id)}+${encodeBase64(Buffer.concat([Buffer.from([ED25519]), publicKey]))}` };
}

function splitFields(text: string, count: number): string[] | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split('+');
  if (parts.length < count) return undefined;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

/** Parses `name+hex(keyID)+base64(0x01 ‖ public key)`, checking the ID against the key. */
export function parseVerifierKey(text: string): VerifierKey {
  // The base64 key may itself hold "+": the first two "+" separate the fields.
  const parts = splitFields(text, 3);
  if (!parts) throw new FormatError('BAD_KEY', 'A verifier key is name+keyid+key');
  const [name, id, key] = parts;
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(id)) throw new FormatError('BAD_KEY', 'A key ID is 8 lower-case hex digits');
  const bytes = decodeBase64(key, 'verifier key');
  if (bytes.length !== 33 || bytes[0] !== ED25519) throw new FormatError('BAD_KEY', 'Only Ed25519 keys (type 0x01, 32 bytes) are supported');
  const verifier = verifierFrom(name, bytes.subarray(1));
  if (verifier.keyId !== Number.parseInt(id, 16)) throw new FormatError('BAD_KEY', 'The key ID does not match the key');
  return verifier;
}

/** The signer of a 32-byte Ed25519 seed. */
export function signerFromSeed(name: string, seed: Uint8Array): SignerKey {
  if (seed.length !== 32) throw new FormatError('BAD_KEY', 'An Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { ...verifierFrom(name, Buffer.from(spki.subarray(spki.length - 32))), privateKey };
}

/** Parses Go's signer key text `PRIVATE+KEY+name+hex(keyID)+base64(0x01 ‖ seed)`. */
export function parseSignerKey(text: string): SignerKey {
  const parts = splitFields(text, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new FormatError('BAD_KEY', 'A signer key is PRIVATE+KEY+name+keyid+key');
  const [, , name, id, key] = parts;
  checkKeyName(name);
  const bytes = decodeBase64(key, 'signer key');
  if (bytes.length !== 33 || bytes[0] !== ED25519) throw new FormatError('BAD_KEY', 'Only Ed25519 keys (type 0x01, 32-byte seed) are supported');
  const signer = signerFromSeed(name, bytes.subarray(1));
  if (!/^[0-9a-f]{8}$/.test(id) || signer.keyId !== Number.parseInt(id, 16)) throw new FormatError('BAD_KEY', 'The key ID does not match the key');
  return signer;
}

/** The signer key's text form (configuration files); never logged or answered. */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const signer = signerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${encodeBase64(Buffer.concat([Buffer.from([ED25519]), seed]))}`;
}

/** Splits a signed note strictly; does not verify. */
export function parseNote(message: string): Note {
  if (typeof message !== 'string' || message.length > 1_000_000) throw new FormatError('BAD_NOTE', 'A note is text of at most 1 MB');
  if (hasControl(message) || message.includes('\uFFFD')) throw new FormatError('BAD_NOTE', 'A note holds no control characters but newline');
  if (!message.endsWith('\n')) throw new FormatError('BAD_NOTE', 'A signed note ends in a newline');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new FormatError('BAD_NOTE', 'A signed note has a blank line before its signatures');
  const text = message.slice(0, split + 1);
  const lines = message.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new FormatError('BAD_NOTE', 'Too many signatures');
  const signatures = lines.map((line) => {
    const match = /^\u2014 ([^ ]+) ([^ ]+)$/u.exec(line);
    if (!match) throw new FormatError('BAD_SIGNATURE_LINE', `A signature line is "${EM_DASH} <name> <base64>"`);
    checkKeyName(match[1]);
    const bytes = decodeBase64(match[2], 'signature');
    if (bytes.length < 5) throw new FormatError('BAD_SIGNATURE_LINE', 'A signature is a key ID and at least one byte');
    return { name: match[1], keyId: bytes.readUInt32BE(0), signature: Buffer.from(bytes.subarray(4)) };
  });
  return { text, signatures };
}

/** One signature line over `text` (which must end in a newline). */
export function signatureLine(text: string, signer: SignerKey): string {
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${EM_DASH} ${signer.name} ${encodeBase64(Buffer.concat([id, signature]))}\n`;
}

/** Signs `text` as a note. */
export function signNote(text: string, signer: SignerKey): string {
  if (!text.endsWith('\n') || text.includes('\n\n') || hasControl(text)) throw new FormatError('BAD_NOTE', 'A note text ends in a newline and has no blank line here');
  return `${text}\n${signatureLine(text, signer)}`;
}

/** Adds a signature to an already signed note (a new key cosigning after rotation). */
export function cosignNote(message: string, signer: SignerKey): string {
  const note = parseNote(message);
  if (note.signatures.some((s) => s.name === signer.name && s.keyId === signer.keyId)) return message;
  return message + signatureLine(note.text, signer);
}

function publicKeyObject(key: VerifierKey): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key.publicKey]), format: 'der', type: 'spki' });
}

export class NoteVerificationError extends Error {
  constructor(
    readonly code: 'UNKNOWN_KEY' | 'BAD_SIGNATURE',
    message: string,
  ) {
    super(message);
    this.name = 'NoteVerificationError';
  }
}

/**
 * Opens a signed note with the trusted keys: signatures of unknown keys (name and ID not both
 * matching) are ignored; a known key's bad signature rejects the note; at least one known key
 * must have signed. Returns the text and the keys that verified it.
 */
export function openNote(message: string, trusted: VerifierKey[]): { text: string; verifiedBy: VerifierKey[] } {
  const note = parseNote(message);
  const verifiedBy: VerifierKey[] = [];
  for (const s of note.signatures) {
    const key = trusted.find((k) => k.name === s.name && k.keyId === s.keyId);
    if (!key) continue;
    if (!verify(null, Buffer.from(note.text, 'utf8'), publicKeyObject(key), s.signature)) {
      throw new NoteVerificationError('BAD_SIGNATURE', `Invalid signature for key ${key.name}+${hex8(key.keyId)}`);
    }
    if (!verifiedBy.includes(key)) verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) throw new NoteVerificationError('UNKNOWN_KEY', 'No signature by a trusted key');
  return { text: note.text, verifiedBy };
}
