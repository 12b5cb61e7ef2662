import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatCheckpoint, formatTlogProof, openCheckpoint, parseCheckpoint, parseTlogProof } from './checkpoint.js';
import { decodeBase64, decodeHash, FormatError, parseSize } from './encoding.js';
import {
  cosignNote, formatSignerKey, NoteVerificationError, openNote, parseNote, parseSignerKey, parseVerifierKey, signerFromSeed, signNote,
} from './note.js';

const go = JSON.parse(readFileSync(join(process.cwd(), 'libs/audit-log/test/fixtures/golang-mod-sumdb-note/note-examples.json'), 'utf8')) as Record<string, string>;

describe('strict parsers', () => {
  it.each(['0', '1', '16', '9007199254740991'])('takes the size %j', (s) => expect(parseSize(s)).toBe(Number(s)));
  it.each(['', ' 16', '16 ', '0x10', '016', '-1', '+1', '1e3', '1.0', '9007199254740992', '١٢'])('refuses the size %j', (s) => {
    expect(() => parseSize(s)).toThrow(FormatError);
  });
  it.each(['', 'AA==', 'AAA=', 'AAAA'])('takes canonical base64 %j', (s) => expect(decodeBase64(s).toString('base64')).toBe(s));
  it.each(['A', 'AA', 'AA=', 'AB==', 'AAB=', 'AA==\n', ' AAAA', 'AA-_', 'AA=A', '****'])('refuses non-canonical base64 %j', (s) => {
    expect(() => decodeBase64(s)).toThrow(FormatError);
  });
  it('takes only 32-byte hashes', () => {
    expect(decodeHash(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(() => decodeHash(Buffer.alloc(31).toString('base64'))).toThrow('32 bytes');
    expect(() => decodeHash(Buffer.alloc(33).toString('base64'))).toThrow('32 bytes');
  });
  it('base64 round-trips any bytes, and a changed canonical string never decodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(decodeBase64(text)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

describe('signed notes against golang.org/x/mod/sumdb/note', () => {
  const signer = parseSignerKey(go.signerKey);
  const verifier = parseVerifierKey(go.verifierKey);
  const other = parseVerifierKey(go.otherVerifierKey);

  it('derives the same key ID and verifier key as Go', () => {
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.text).toBe(go.verifierKey);
    expect(formatSignerKey('PeterNeumann', decodeBase64(go.signerKey.split('+').slice(4).join('+')).subarray(1))).toBe(go.signerKey);
  });

  it('signs byte for byte as Go does (Ed25519 is deterministic)', () => {
    expect(signNote(go.text, signer)).toBe(go.signedNote);
  });

  it('opens Go\'s note, ignoring a signature of an unknown key', () => {
    expect(openNote(go.signedNote, [verifier]).text).toBe(go.text);
    expect(openNote(go.signedNote + go.otherSignatureLine, [verifier]).verifiedBy).toEqual([verifier]);
    expect(openNote(go.signedNote + go.otherSignatureLine, [verifier, other]).verifiedBy).toEqual([verifier, other]);
  });

  it('rejects a note no trusted key signed, and one a known key signed badly', () => {
    expect(() => openNote(go.signedNote, [other])).toThrow(NoteVerificationError);
    const tampered = go.signedNote.replace('cryptography', 'Cryptography');
    expect(() => openNote(tampered, [verifier])).toThrow('Invalid signature');
    // Same name, another ID: an unknown key, ignored; same ID, another name: unknown too.
    const otherId = go.signedNote.replace('x08go', 'x08gp');
    expect(() => openNote(otherId, [verifier])).toThrow('No signature by a trusted key');
    const otherName = go.signedNote.replace('— PeterNeumann', '— PeterNeumann2');
    expect(() => openNote(otherName, [verifier])).toThrow('No signature by a trusted key');
    const badSig = go.signedNote.replace('JnAM=', 'JnAQ=');
    expect(() => openNote(badSig, [verifier])).toThrow('Invalid signature');
  });

  it('splits at the last blank line and requires the final newline', () => {
    const withBlank = signNote('a\n', signer).replace('a\n', 'a\n');
    expect(parseNote(withBlank).text).toBe('a\n');
    expect(parseNote('x\n\ny\n\n— k AAAAAAA=\n').text).toBe('x\n\ny\n');
    expect(() => parseNote(go.signedNote.slice(0, -1))).toThrow('ends in a newline');
    expect(() => parseNote('no blank line\n— k AAAAAAA=\n')).toThrow('blank line');
    expect(() => parseNote('t\n\n- k AAAAAAA=\n')).toThrow('signature line');
    expect(() => parseNote('t\n\n— k+x AAAAAAA=\n')).toThrow(FormatError);
    expect(() => parseNote('t\n\n— k AAAA\n')).toThrow('at least one byte');
    expect(() => parseNote('t\r\n\n— k AAAAAAA=\n')).toThrow('control');
  });

  it('parses verifier keys strictly', () => {
    expect(() => parseVerifierKey(go.verifierKey.replace('c74f20a3', 'c74f20a4'))).toThrow('key ID');
    expect(() => parseVerifierKey(go.verifierKey.replace('c74f20a3', 'C74F20A3'))).toThrow(FormatError);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow('Ed25519');
    expect(() => parseVerifierKey(`x+${go.verifierKey}`)).toThrow(FormatError);
  });

  it('cosigns: a rotated key adds its signature, and either key opens the note', () => {
    const next = signerFromSeed('PeterNeumann', Buffer.alloc(32, 9));
    const both = cosignNote(go.signedNote, next);
    expect(openNote(both, [verifier]).text).toBe(go.text);
    expect(openNote(both, [next]).text).toBe(go.text);
    expect(cosignNote(both, next)).toBe(both);
  });
});

describe('C2SP checkpoints and tlog-proof', () => {
  const signer = signerFromSeed('example.org/log', Buffer.alloc(32, 1));
  const root = Buffer.alloc(32, 2);
  const note = signNote(formatCheckpoint('example.org/log', 12, root), signer);

  it('formats and opens a checkpoint', () => {
    expect(note.split('\n').slice(0, 4)).toEqual(['example.org/log', '12', root.toString('base64'), '']);
    const checkpoint = openCheckpoint(note, [signer]);
    expect(checkpoint).toMatchObject({ origin: 'example.org/log', size: 12, root });
  });

  it('refuses a checkpoint whose origin is not its signer\'s name', () => {
    const stranger = signerFromSeed('other.org/log', Buffer.alloc(32, 1));
    expect(() => openCheckpoint(signNote(formatCheckpoint('example.org/log', 1, root), stranger), [stranger])).toThrow('origin');
  });

  it.each([
    ['no newline', 'o\n1\nAAAA'],
    ['a bad size', `o\n 1\n${root.toString('base64')}\n`],
    ['a short root', `o\n1\n${Buffer.alloc(31).toString('base64')}\n`],
    ['an empty origin', `\n1\n${root.toString('base64')}\n`],
    ['too few lines', 'o\n1\n'],
  ])('refuses a checkpoint with %s', (_, text) => expect(() => parseCheckpoint(text)).toThrow(FormatError));

  it('round-trips a tlog-proof', () => {
    const text = formatTlogProof(5, [Buffer.alloc(32, 3), Buffer.alloc(32, 4)], note);
    expect(text.startsWith('c2sp.org/tlog-proof@v1\nindex 5\n')).toBe(true);
    expect(parseTlogProof(text)).toEqual({ extra: undefined, index: 5, hashes: [Buffer.alloc(32, 3), Buffer.alloc(32, 4)], checkpoint: note });
    expect(() => parseTlogProof(text.replace('index 5', 'index 05'))).toThrow(FormatError);
  });
});
