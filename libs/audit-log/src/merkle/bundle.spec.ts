import { randomUUID } from 'node:crypto';
import { hashEntry, type AuditEntry } from '@app/transitions';
import { BUNDLE_FORMAT, BundleError, verifyBundle, type AuditBundle, type BundleCheck, type BundleEntry } from './bundle.js';
import { formatCheckpoint } from './checkpoint.js';
import { signerFromSeed, signNote } from './note.js';
import { consistencyProof, inclusionProof, leafHash, rangeRoot } from './tree.js';

const ORIGIN = 'example.gov.vn/audit';
const signer = signerFromSeed(ORIGIN, Buffer.alloc(32, 5));
const stranger = signerFromSeed(ORIGIN, Buffer.alloc(32, 6));

/** Three chains interleaved in a log of `extra` unrelated leaves and theirs. */
function makeLog(extra = 3) {
  const subjects = [randomUUID(), randomUUID(), randomUUID()];
  const entries: (AuditEntry & { hash: string })[] = [];
  const prev = new Map<string, string>();
  for (let i = 0; i < 9; i++) {
    const subjectId = subjects[i % 3];
    const seq = Math.floor(i / 3) + 1;
    const entry: AuditEntry = {
      subjectType: 'plan', subjectId, seq, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorUserId: null, actorRole: 'secretary', actorUnitId: null,
      onBehalfOf: null, event: `E${i}`, fromState: 'a', toState: 'b', comment: i === 4 ? 'Ý kiến' : null, payload: { i }, requestId: null,
      prevHash: prev.get(subjectId) ?? null,
    };
    const hash = hashEntry(entry);
    prev.set(subjectId, hash);
    entries.push({ ...entry, hash });
  }
  const others = Array.from({ length: extra }, (_, i) => leafHash(Buffer.from(`other ${i}`)));
  // Log order: two unrelated leaves, then the entries, then the rest.
  const leaves = [...others.slice(0, 2), ...entries.map((e) => leafHash(Buffer.from(e.hash, 'hex'))), ...others.slice(2)];
  return { entries, leaves, first: 2 };
}

function makeBundle(log = makeLog(), size = log.leaves.length): AuditBundle {
  const root = rangeRoot(log.leaves, 0, size);
  const bundleEntries: BundleEntry[] = log.entries.map((e, i) => ({
    entryId: 100 + i,
    index: log.first + i,
    proof: inclusionProof(log.leaves, log.first + i, size).map((h) => h.toString('base64')),
    ...e,
    at: e.at.toISOString(),
  }));
  const heads = new Map<string, AuditBundle['heads'][number]>();
  for (const e of bundleEntries) heads.set(e.subjectId, { subjectType: e.subjectType, subjectId: e.subjectId, seq: e.seq, hash: e.hash });
  return {
    format: BUNDLE_FORMAT,
    origin: ORIGIN,
    unit: { id: randomUUID(), name: 'Quận ủy' },
    from: null,
    to: null,
    exportedAt: new Date().toISOString(),
    checkpoint: signNote(formatCheckpoint(ORIGIN, size, root), signer),
    keys: [signer.text],
    heads: [...heads.values()],
    entries: bundleEntries,
    consistency: [],
  };
}

const verify = (bundle: AuditBundle, extra: { trustedCheckpoint?: string; trustBundleKeys?: boolean; keys?: typeof signer[] } = {}) =>
  verifyBundle(bundle, { keys: extra.keys ?? [signer], hashEntry, trustedCheckpoint: extra.trustedCheckpoint, trustBundleKeys: extra.trustBundleKeys });

function fails(bundle: AuditBundle, check: BundleCheck, extra: Parameters<typeof verify>[1] = {}): string {
  try {
    verify(bundle, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).check).toBe(check);
    return (error as Error).message;
  }
  throw new Error('the bundle verified');
}

// The last hex digit always changes (the subjects are random, so the digit is too).
const flipLastHex = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');

const flipBase64 = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
};

describe('offline verification of a bundle', () => {
  it('verifies an intact bundle, saying what it checked', () => {
    const report = verify(makeBundle());
    expect(report).toMatchObject({ entries: 9, chains: 3, checkpoint: { size: 12 } });
    expect(report.lines.join('\n')).toContain('every link checked');
  });

  const cases: [string, BundleCheck, (b: AuditBundle) => void][] = [
    ['one entry\'s content', 'ENTRY', (b) => (b.entries[4].comment = 'Ý kiến khác')],
    ['one entry rewritten with its hash recomputed (a different leaf)', 'INCLUSION', (b) => {
      const e = b.entries[0];
      e.comment = 'rewritten';
      const { entryId: _a, index: _b, proof: _c, hash: _d, ...fields } = e;
      e.hash = hashEntry({ ...fields, at: new Date(e.at) });
    }],
    ['one leaf (an entry\'s hash)', 'ENTRY', (b) => (b.entries[3].hash = flipLastHex(b.entries[3].hash))],
    ['one proof node', 'INCLUSION', (b) => (b.entries[2].proof[1] = flipBase64(b.entries[2].proof[1]))],
    ['the proof length (a node dropped)', 'INCLUSION', (b) => b.entries[2].proof.pop()],
    ['the proof length (a node added)', 'INCLUSION', (b) => b.entries[2].proof.push(b.entries[2].proof[0])],
    ['a proof node that is not 32 bytes', 'INCLUSION', (b) => (b.entries[2].proof[0] = Buffer.alloc(31).toString('base64'))],
    ['the index', 'INCLUSION', (b) => (b.entries[8].index += 1)],
    ['the tree size', 'CHECKPOINT', (b) => (b.checkpoint = b.checkpoint.replace('\n12\n', '\n13\n'))],
    ['the root', 'CHECKPOINT', (b) => {
      const root = b.checkpoint.split('\n')[2];
      b.checkpoint = b.checkpoint.replace(root, flipBase64(root));
    }],
    ['the signature', 'CHECKPOINT', (b) => {
      const line = b.checkpoint.split('\n')[4];
      const sig = line.split(' ')[2];
      const bytes = Buffer.from(sig, 'base64');
      bytes[10] ^= 1;
      b.checkpoint = b.checkpoint.replace(sig, bytes.toString('base64'));
    }],
    ['the key ID', 'CHECKPOINT', (b) => {
      const sig = b.checkpoint.split('\n')[4].split(' ')[2];
      const bytes = Buffer.from(sig, 'base64');
      bytes[0] ^= 1;
      b.checkpoint = b.checkpoint.replace(sig, bytes.toString('base64'));
    }],
    ['the origin', 'CHECKPOINT', (b) => (b.checkpoint = b.checkpoint.replace(`${ORIGIN}\n`, `${ORIGIN}x\n`))],
    ['the bundle\'s origin', 'CHECKPOINT', (b) => (b.origin = 'other.example/log')],
    ['two entries swapped', 'ORDER', (b) => ([b.entries[1], b.entries[2]] = [b.entries[2], b.entries[1]])],
    ['two entries\' indexes swapped', 'INCLUSION', (b) => ([b.entries[1].index, b.entries[2].index] = [b.entries[2].index, b.entries[1].index])],
    ['an entry dropped from inside a chain', 'CHAIN', (b) => b.entries.splice(3, 1)],
    ['an entry dropped from the end of a chain', 'HEAD', (b) => b.entries.splice(8, 1)],
    ['an entry added twice', 'ORDER', (b) => b.entries.splice(3, 0, b.entries[3])],
    ['an entry added that is not in the log', 'INCLUSION', (b) => {
      const last = b.entries[8];
      const added = { ...last, index: 11, seq: last.seq + 1, prevHash: last.hash, event: 'FORGED' };
      const { entryId: _a, index: _b, proof: _c, hash: _d, ...fields } = added;
      b.entries.push({ ...added, hash: hashEntry({ ...fields, at: new Date(added.at) }) });
    }],
    ['a chain link pointing elsewhere', 'ENTRY', (b) => (b.entries[3].prevHash = b.entries[1].hash)],
    ['the at instant respelled', 'ENTRY', (b) => (b.entries[0].at = b.entries[0].at.replace('.000Z', 'Z'))],
    ['the format', 'FORMAT', (b) => ((b as { format: string }).format = 'other')],
  ];

  it.each(cases)('fails when %s is changed', (_, check, corrupt) => {
    const bundle = makeBundle();
    corrupt(bundle);
    fails(bundle, check);
  });

  it('fails when the index is moved onto another leaf', () => {
    const bundle = makeBundle();
    bundle.entries[0].index = 0;
    fails(bundle, 'INCLUSION');
  });

  it('never trusts the key the bundle carries unless told, and then only says so', () => {
    const forged = makeBundle();
    forged.checkpoint = signNote(forged.checkpoint.split('\n\n')[0] + '\n', stranger);
    forged.keys = [stranger.text];
    fails(forged, 'CHECKPOINT');
    expect(verify(forged, { keys: [], trustBundleKeys: true }).entries).toBe(9);
    fails(forged, 'KEY', { keys: [] });
  });

  describe('against a checkpoint the inspector saved', () => {
    const log = makeLog(6);
    const saved = makeBundle(log, 12).checkpoint;

    it('accepts the same tree and a consistent larger one', () => {
      expect(verify(makeBundle(log, 12), { trustedCheckpoint: saved }).trusted).toEqual(expect.objectContaining({ relation: 'same' }));
      const grown = makeBundle(log, 15);
      grown.consistency = [{ from: 12, to: 15, hashes: consistencyProof(log.leaves, 12, 15).map((h) => h.toString('base64')) }];
      expect(verify(grown, { trustedCheckpoint: saved }).trusted).toEqual(expect.objectContaining({ relation: 'extended' }));
    });

    it('reports a fork: the same size with another root', () => {
      const other = makeLog(6);
      expect(fails(makeBundle(other, 12), 'FORK', { trustedCheckpoint: saved })).toMatch(/two checkpoints of size 12/);
    });

    it('reports a fork: a new checkpoint that does not extend the saved one', () => {
      const other = makeLog(6);
      const grown = makeBundle(other, 15);
      grown.consistency = [{ from: 12, to: 15, hashes: consistencyProof(other.leaves, 12, 15).map((h) => h.toString('base64')) }];
      expect(fails(grown, 'FORK', { trustedCheckpoint: saved })).toMatch(/not an extension/);
    });

    it('reports a shrunk log, a missing proof, an empty proof from size 0 and a tampered proof', () => {
      fails(makeBundle(log, 11), 'FORK', { trustedCheckpoint: saved });
      const grown = makeBundle(log, 15);
      fails(grown, 'CONSISTENCY', { trustedCheckpoint: saved });
      grown.consistency = [{ from: 0, to: 15, hashes: [] }];
      fails(grown, 'CONSISTENCY', { trustedCheckpoint: saved });
      const proof = consistencyProof(log.leaves, 12, 15).map((h) => h.toString('base64'));
      grown.consistency = [{ from: 12, to: 15, hashes: [flipBase64(proof[0]), ...proof.slice(1)] }];
      fails(grown, 'FORK', { trustedCheckpoint: saved });
      grown.consistency = [{ from: 12, to: 15, hashes: proof.slice(1) }];
      fails(grown, 'FORK', { trustedCheckpoint: saved });
    });

    it('refuses a saved checkpoint it cannot verify with the pinned key', () => {
      const forgedSaved = signNote(saved.split('\n\n')[0] + '\n', stranger);
      fails(makeBundle(log, 12), 'TRUSTED_CHECKPOINT', { trustedCheckpoint: forgedSaved });
    });
  });
});
