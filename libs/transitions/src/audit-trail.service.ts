import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntry, hashEntry, HashedAuditEntry } from './audit-chain.js';

/** The columns of an entry of `audit_entries e`, named as AuditEntry names them. */
export const AUDIT_COLUMNS = `e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.seq, e.at,
  e.actor_user_id AS "actorUserId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId", e.on_behalf_of AS "onBehalfOf",
  e.event, e.from_state AS "fromState", e.to_state AS "toState", e.comment, e.payload, e.request_id AS "requestId",
  e.prev_hash AS "prevHash", e.hash`;

const INSERT_COLUMNS = `subject_type, subject_id, seq, at, actor_user_id, actor_role, actor_unit_id, on_behalf_of,
  event, from_state, to_state, comment, payload, request_id, prev_hash, hash`;
const PER_ENTRY = 16;

/** `INSERT` of the entries, its parameters numbered from `$first`: to run alone or inside a larger statement. */
export function auditInsert(entries: HashedAuditEntry[], first = 1): { sql: string; params: unknown[] } {
  const rows = entries.map((_, r) => `(${Array.from({ length: PER_ENTRY }, (_, c) => `$${first + r * PER_ENTRY + c}`).join(', ')})`);
  const params = entries.flatMap((e) => [
    e.subjectType, e.subjectId, e.seq, e.at, e.actorUserId, e.actorRole, e.actorUnitId, e.onBehalfOf,
    e.event, e.fromState, e.toState, e.comment, e.payload, e.requestId, e.prevHash, e.hash,
  ]);
  return { sql: `INSERT INTO audit_entries (${INSERT_COLUMNS}) VALUES ${rows.join(', ')}`, params };
}

/**
 * The one way entries join their subjects' hash chains. The caller holds each subject's row
 * lock. Stored instants have microsecond precision; hashing a millisecond instant keeps the
 * round trip exact.
 */
@Injectable()
export class AuditTrail {
  hash(entry: AuditEntry): HashedAuditEntry {
    return { ...entry, hash: hashEntry(entry) };
  }

  async append(tx: EntityManager, entry: AuditEntry): Promise<HashedAuditEntry> {
    const [hashed] = await this.appendMany(tx, [entry]);
    return hashed;
  }

  /** Several chains' entries (one plan's tracked assignments at ISSUE) in one statement. */
  async appendMany(tx: EntityManager, entries: AuditEntry[]): Promise<HashedAuditEntry[]> {
    const hashed = entries.map((e) => this.hash(e));
    if (hashed.length === 0) return hashed;
    const insert = auditInsert(hashed);
    await tx.query(insert.sql, insert.params);
    return hashed;
  }
}
