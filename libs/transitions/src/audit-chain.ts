import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** One audited step of a subject (plan, assignment, report): a link of its hash chain. */
export interface AuditEntry {
  subjectType: string;
  subjectId: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  /** For T/M and K/T signatures: the body on whose behalf the actor signed. */
  onBehalfOf: string | null;
  event: string;
  fromState: string | null;
  toState: string;
  comment: string | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  prevHash: string | null;
}

export interface HashedAuditEntry extends AuditEntry {
  hash: string;
}

/**
 * SHA-256 over the RFC 8785 (JCS) canonical JSON of every field, `prevHash` included: changing
 * any stored field, or any earlier entry, changes the hash.
 */
export function hashEntry(entry: AuditEntry): string {
  const canonical = canonicalize({ ...entry, at: entry.at.toISOString() });
  if (canonical === undefined) throw new Error('Audit entry cannot be serialised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainBreak {
  subjectId: string;
  seq: number;
  reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQUENCE_GAP' | 'HEAD_MISMATCH';
}

/**
 * Checks one subject's entries, in seq order. `head` is the hash the subject row says is its
 * latest, which catches entries removed from the end of the chain.
 */
export function verifyChain(entries: HashedAuditEntry[], head?: { seq: number; hash: string | null }): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let previous: HashedAuditEntry | undefined;
  for (const entry of entries) {
    const at = { subjectId: entry.subjectId, seq: entry.seq };
    if (entry.seq !== (previous?.seq ?? 0) + 1) breaks.push({ ...at, reason: 'SEQUENCE_GAP' });
    else if (entry.prevHash !== (previous?.hash ?? null)) breaks.push({ ...at, reason: 'PREV_HASH_MISMATCH' });
    const { hash, ...content } = entry;
    if (hashEntry(content) !== hash) breaks.push({ ...at, reason: 'HASH_MISMATCH' });
    previous = entry;
  }
  if (head && previous && (head.seq !== previous.seq || head.hash !== previous.hash)) {
    breaks.push({ subjectId: previous.subjectId, seq: head.seq, reason: 'HEAD_MISMATCH' });
  }
  return breaks;
}
