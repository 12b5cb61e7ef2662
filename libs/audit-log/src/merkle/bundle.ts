import { decodeHash, encodeBase64, FormatError } from './encoding.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { parseVerifierKey, type VerifierKey } from './note.js';
import { leafHash, verifyConsistency, verifyInclusion } from './tree.js';

/*
 * The export bundle an inspector takes home, and its offline verification. Nothing here needs
 * a server or a database: the verifier script runs this alone.
 */

export const BUNDLE_FORMAT = 'plan-cascade/audit-bundle@v1';

/** An audit entry as the bundle carries it: the chain fields, its log index and inclusion proof. */
export interface BundleEntry {
  entryId: number;
  index: number;
  /** Inclusion proof in the bundle's checkpoint, RFC 9162 order, base64. */
  proof: string[];
  subjectType: string;
  subjectId: string;
  seq: number;
  /** ISO 8601 with milliseconds, as hashed. */
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  onBehalfOf: string | null;
  event: string;
  fromState: string | null;
  toState: string;
  comment: string | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

export interface BundleConsistency {
  from: number;
  to: number;
  hashes: string[];
}

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  origin: string;
  unit: { id: string; name: string };
  from: string | null;
  to: string | null;
  exportedAt: string;
  /** The signed checkpoint every proof is against. */
  checkpoint: string;
  /** The log's verifier keys, as the server published them (not trusted unless told). */
  keys: string[];
  /** Every chain's last entry in the bundle: catches an entry dropped from a chain's end. */
  heads: { subjectType: string; subjectId: string; seq: number; hash: string }[];
  /** Entries in log order. */
  entries: BundleEntry[];
  /** Proofs that this checkpoint extends earlier ones (sizes the inspector asked for). */
  consistency: BundleConsistency[];
}

/** What the chain hash is computed over: the entry's stored fields (hashEntry of the audit trail). */
export type EntryContent = Omit<BundleEntry, 'entryId' | 'index' | 'proof' | 'hash' | 'at'> & { at: Date };

export interface VerifyBundleOptions {
  /** Pinned verifier keys; the bundle's own keys only with trustBundleKeys. */
  keys: VerifierKey[];
  trustBundleKeys?: boolean;
  /** A signed checkpoint the inspector saved earlier. */
  trustedCheckpoint?: string;
  /** The audit trail's chain hash (hex) of an entry's content. */
  hashEntry: (entry: EntryContent) => string;
}

export type BundleCheck = 'FORMAT' | 'KEY' | 'CHECKPOINT' | 'ENTRY' | 'ORDER' | 'INCLUSION' | 'CHAIN' | 'HEAD' | 'TRUSTED_CHECKPOINT' | 'CONSISTENCY' | 'FORK';

export class BundleError extends Error {
  constructor(
    readonly check: BundleCheck,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

export interface BundleReport {
  origin: string;
  checkpoint: { size: number; root: string; keys: string[] };
  entries: number;
  chains: number;
  trusted?: { size: number; root: string; relation: 'same' | 'extended' };
  /** One line per thing checked, for the verifier to print. */
  lines: string[];
}

const HEX_HASH = /^[0-9a-f]{64}$/;

function fail(check: BundleCheck, message: string): never {
  throw new BundleError(check, message);
}

function name(entry: Pick<BundleEntry, 'entryId' | 'subjectType' | 'subjectId' | 'seq'>): string {
  return `entry ${entry.entryId} (${entry.subjectType} ${entry.subjectId} #${entry.seq})`;
}

function checkpointOf(message: string, keys: VerifierKey[], what: string): Checkpoint & { verifiedBy: VerifierKey[] } {
  try {
    return openCheckpoint(message, keys);
  } catch (error) {
    fail(what === 'checkpoint' ? 'CHECKPOINT' : 'TRUSTED_CHECKPOINT', `The ${what} does not verify: ${(error as Error).message}`);
  }
}

/** Verifies a bundle; throws a BundleError naming the first entry, proof or checkpoint that fails. */
export function verifyBundle(bundle: AuditBundle, options: VerifyBundleOptions): BundleReport {
  const lines: string[] = [];
  if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.entries) || !Array.isArray(bundle.heads) || typeof bundle.checkpoint !== 'string') {
    fail('FORMAT', `Not a ${BUNDLE_FORMAT} file`);
  }
  const keys = [...options.keys];
  if (options.trustBundleKeys) {
    for (const text of bundle.keys ?? []) {
      try {
        keys.push(parseVerifierKey(text));
      } catch (error) {
        fail('KEY', `The bundle's key ${text} is malformed: ${(error as Error).message}`);
      }
    }
  }
  if (keys.length === 0) fail('KEY', 'No verifier key pinned');

  const checkpoint = checkpointOf(bundle.checkpoint, keys, 'checkpoint');
  if (checkpoint.origin !== bundle.origin) fail('CHECKPOINT', `The checkpoint's origin "${checkpoint.origin}" is not the bundle's "${bundle.origin}"`);
  lines.push(`checkpoint: ${checkpoint.origin}, size ${checkpoint.size}, root ${encodeBase64(checkpoint.root)}, signed by ${checkpoint.verifiedBy.map((k) => k.text).join(', ')}`);

  let previousIndex = -1;
  const chains = new Map<string, BundleEntry[]>();
  for (const entry of bundle.entries) {
    if (!Number.isSafeInteger(entry?.index) || entry.index < 0) fail('ENTRY', `${name(entry)}: the index is not a whole number`);
    if (entry.index <= previousIndex) fail('ORDER', `${name(entry)}: index ${entry.index} is not after ${previousIndex}: entries must be in log order, each once`);
    previousIndex = entry.index;
    if (entry.index >= checkpoint.size) fail('INCLUSION', `${name(entry)}: index ${entry.index} is outside the tree of size ${checkpoint.size}`);
    if (typeof entry.hash !== 'string' || !HEX_HASH.test(entry.hash)) fail('ENTRY', `${name(entry)}: the hash is not 64 hex digits`);
    const at = new Date(entry.at);
    if (Number.isNaN(at.getTime()) || at.toISOString() !== entry.at) fail('ENTRY', `${name(entry)}: "at" is not an ISO instant with milliseconds`);
    const { entryId: _id, index: _index, proof, hash, ...fields } = entry;
    if (options.hashEntry({ ...fields, at }) !== hash) fail('ENTRY', `${name(entry)}: its content does not hash to its hash`);
    let hashes: Buffer[];
    try {
      if (!Array.isArray(proof)) throw new FormatError('BAD_PROOF', 'no proof');
      hashes = proof.map((p) => decodeHash(p, 'proof hash'));
    } catch (error) {
      fail('INCLUSION', `${name(entry)}: the inclusion proof is malformed: ${(error as Error).message}`);
    }
    // The leaf is a fixed-size commitment: the entry's 32-byte chain hash, which covers every field.
    if (!verifyInclusion(leafHash(Buffer.from(hash, 'hex')), entry.index, checkpoint.size, hashes, checkpoint.root)) {
      fail('INCLUSION', `${name(entry)}: the inclusion proof at index ${entry.index} does not lead to the checkpoint's root`);
    }
    const chain = chains.get(entry.subjectId) ?? [];
    chain.push(entry);
    chains.set(entry.subjectId, chain);
  }
  lines.push(`inclusion: ${bundle.entries.length} entries, each a leaf of the checkpointed tree`);

  // Element by element: every link of every chain is itself a proven leaf.
  const heads = new Map(bundle.heads.map((h) => [h.subjectId, h]));
  if (heads.size !== bundle.heads.length || heads.size !== chains.size) fail('HEAD', `The bundle lists ${bundle.heads.length} chain heads for ${chains.size} chains`);
  for (const [subjectId, chain] of chains) {
    chain.sort((a, b) => a.seq - b.seq);
    let previous: BundleEntry | undefined;
    for (const entry of chain) {
      if (entry.subjectType !== chain[0].subjectType) fail('CHAIN', `${name(entry)}: the subject type changes within the chain`);
      if (entry.seq !== (previous?.seq ?? 0) + 1) fail('CHAIN', `${name(entry)}: expected #${(previous?.seq ?? 0) + 1} of the chain`);
      if (entry.prevHash !== (previous?.hash ?? null)) fail('CHAIN', `${name(entry)}: prevHash does not match the previous entry's hash`);
      previous = entry;
    }
    const head = heads.get(subjectId);
    const last = chain[chain.length - 1];
    if (!head || head.seq !== last.seq || head.hash !== last.hash || head.subjectType !== last.subjectType) {
      fail('HEAD', `${last.subjectType} ${subjectId}: the chain ends at #${last.seq}, not at its listed head`);
    }
  }
  lines.push(`chains: ${chains.size} subjects, every link checked and logged`);

  const report: BundleReport = {
    origin: checkpoint.origin,
    checkpoint: { size: checkpoint.size, root: encodeBase64(checkpoint.root), keys: checkpoint.verifiedBy.map((k) => k.text) },
    entries: bundle.entries.length,
    chains: chains.size,
    lines,
  };
  if (options.trustedCheckpoint !== undefined) {
    const trusted = checkpointOf(options.trustedCheckpoint, options.keys, 'trusted checkpoint');
    if (trusted.origin !== checkpoint.origin) fail('TRUSTED_CHECKPOINT', `The saved checkpoint is of another log ("${trusted.origin}")`);
    const root = encodeBase64(trusted.root);
    if (trusted.size > checkpoint.size) fail('FORK', `The log shrank: the saved checkpoint has ${trusted.size} entries, this one ${checkpoint.size}`);
    if (trusted.size === checkpoint.size) {
      if (!trusted.root.equals(checkpoint.root)) fail('FORK', `Forked log: two checkpoints of size ${trusted.size} with different roots`);
      report.trusted = { size: trusted.size, root, relation: 'same' };
      lines.push(`saved checkpoint: the same tree (size ${trusted.size})`);
    } else {
      const proof = (bundle.consistency ?? []).find((c) => c.from === trusted.size && c.to === checkpoint.size);
      if (!proof) fail('CONSISTENCY', `The bundle has no consistency proof from size ${trusted.size} to ${checkpoint.size}: export it with --since ${trusted.size}`);
      let hashes: Buffer[];
      try {
        hashes = proof.hashes.map((h) => decodeHash(h, 'consistency hash'));
      } catch (error) {
        fail('CONSISTENCY', `The consistency proof is malformed: ${(error as Error).message}`);
      }
      if (!verifyConsistency(trusted.size, checkpoint.size, hashes, trusted.root, checkpoint.root)) {
        fail('FORK', `Forked log: the checkpoint of size ${checkpoint.size} is not an extension of the saved one of size ${trusted.size}`);
      }
      report.trusted = { size: trusted.size, root, relation: 'extended' };
      lines.push(`saved checkpoint: size ${trusted.size} is a prefix of size ${checkpoint.size} (consistency proof checked)`);
    }
  }
  return report;
}
