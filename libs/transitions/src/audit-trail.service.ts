import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntry, hashEntry, HashedAuditEntry } from './audit-chain.js';

/** The columns of an entry of `audit_entries e`, named as AuditEntry names them. */
export const AUDIT_COLUMNS = `e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.seq, e.at,
  e.actor_user_id AS "actorUserId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId", e.on_behalf_of AS "onBehalfOf",
  e.event, e.from_state AS "fromState", e.to_state AS "toState", e.comment, e.payload, e.request_id AS "requestId",
  e.prev_hash AS "prevHash", e.hash`;

/** The one way an entry joins a subject's hash chain. The caller holds the subject's row lock. */
@Injectable()
export class AuditTrail {
  async append(tx: EntityManager, entry: AuditEntry): Promise<HashedAuditEntry> {
    // Stored instants have microsecond precision; hashing a millisecond instant keeps the round trip exact.
    const hashed = { ...entry, hash: hashEntry(entry) };
    await tx.query(
      `INSERT INTO audit_entries (subject_type, subject_id, seq, at, actor_user_id, actor_role, actor_unit_id, on_behalf_of,
         event, from_state, to_state, comment, payload, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        hashed.subjectType, hashed.subjectId, hashed.seq, hashed.at, hashed.actorUserId, hashed.actorRole, hashed.actorUnitId,
        hashed.onBehalfOf, hashed.event, hashed.fromState, hashed.toState, hashed.comment, hashed.payload, hashed.requestId,
        hashed.prevHash, hashed.hash,
      ],
    );
    return hashed;
  }
}
