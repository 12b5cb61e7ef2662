import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { ChainBreak, HashedAuditEntry, verifyChain } from './audit-chain.js';
import { AUDIT_COLUMNS } from './audit-trail.service.js';

export interface HistoryEntry extends HashedAuditEntry {
  /** The entry's id (bigint, as text): the entryId of the transparency log's proofs. */
  id: string;
  actorName: string | null;
  actorUsername: string | null;
}

export interface AuditSearch {
  /** Subtrees (ltree paths) and single units the caller may audit; null: everything. */
  scope: { subtrees: string[]; units: string[] } | null;
  unitPath?: string;
  actorUserId?: string;
  event?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** How many entries were checked. */
  checked: number;
  subjects: number;
  broken: { subjectType: string; subjectId: string; seq: number; reason: ChainBreak['reason'] }[];
}

/** The tables whose rows carry an audit chain head (audit_seq, audit_hash), by subject type. */
const AUDITED_TABLES = { plan: 'plans', assignment: 'plan_assignments', report: 'reports', membership: 'memberships' };
const BATCH = 500;

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * Verifies the chains of the given subjects (or of every audited subject), in batches, so
 * that the whole database can be checked in bounded memory.
 */
export async function verifySubjects(query: Query, subjectIds: string[] | 'all', onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
  const heads = Object.entries(AUDITED_TABLES)
    .map(([type, table]) => `SELECT id, '${type}' AS type, audit_seq AS seq, audit_hash AS hash FROM ${table}`)
    .join(' UNION ALL ');
  const ids =
    subjectIds === 'all'
      ? ((await query(`SELECT id FROM (SELECT DISTINCT subject_id AS id FROM audit_entries UNION SELECT id FROM (${heads}) h WHERE seq > 0) s ORDER BY id`)) as { id: string }[]).map((r) => r.id)
      : subjectIds;
  const result: VerifyResult = { ok: true, checked: 0, subjects: ids.length, broken: [] };
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const entries = (await query(`SELECT ${AUDIT_COLUMNS} FROM audit_entries e WHERE e.subject_id = ANY($1::uuid[]) ORDER BY e.subject_id, e.seq`, [batch])) as HashedAuditEntry[];
    const headRows = (await query(`SELECT id, type, seq, hash FROM (${heads}) h WHERE id = ANY($1::uuid[])`, [batch])) as {
      id: string;
      type: string;
      seq: number;
      hash: string | null;
    }[];
    const headOf = new Map(headRows.map((h) => [h.id, h]));
    const bySubject = new Map<string, HashedAuditEntry[]>(batch.map((id) => [id, []]));
    for (const entry of entries) bySubject.get(entry.subjectId)?.push(entry);
    for (const [id, chain] of bySubject) {
      result.checked += chain.length;
      const head = headOf.get(id);
      const breaks = verifyChain(chain, head ? { seq: head.seq, hash: head.hash } : undefined);
      if (chain.length === 0 && head && head.seq > 0) breaks.push({ subjectId: id, seq: 1, reason: 'SEQUENCE_GAP' });
      const subjectType = chain[0]?.subjectType ?? head?.type ?? 'unknown';
      result.broken.push(...breaks.map((b) => ({ subjectType, subjectId: b.subjectId, seq: b.seq, reason: b.reason })));
    }
    onProgress?.(Math.min(i + BATCH, ids.length), ids.length);
  }
  result.ok = result.broken.length === 0;
  return result;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every entry of one subject, in order, with the actors' names. */
  history(subjectId: string): Promise<HistoryEntry[]> {
    return this.db.query(
      `SELECT e.id::text AS id, ${AUDIT_COLUMNS}, us.display_name AS "actorName", us.username AS "actorUsername"
       FROM audit_entries e LEFT JOIN users us ON us.id = e.actor_user_id
       WHERE e.subject_id = $1 ORDER BY e.seq`,
      [subjectId],
    );
  }

  /** Entries acted for units in the caller's scope, filtered; oldest first, paged by (at, subject, seq). */
  async search(search: AuditSearch): Promise<Page<HistoryEntry>> {
    const limit = search.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(search.cursor, ['instant', 'uuid', 'int']);
    const rows: HistoryEntry[] = await this.db.query(
      `SELECT e.id::text AS id, ${AUDIT_COLUMNS}, us.display_name AS "actorName", us.username AS "actorUsername"
       FROM audit_entries e
       JOIN units u ON u.id = e.actor_unit_id
       LEFT JOIN users us ON us.id = e.actor_user_id
       WHERE ($2::boolean OR u.path <@ ANY($3::ltree[]) OR u.id = ANY($4::uuid[]))
         AND ($5::ltree IS NULL OR u.path <@ $5::ltree)
         AND ($6::uuid IS NULL OR e.actor_user_id = $6)
         AND ($7::text IS NULL OR e.event = $7)
         AND ($8::timestamptz IS NULL OR e.at >= $8)
         AND ($9::timestamptz IS NULL OR e.at < $9)
         AND ($10::timestamptz IS NULL OR (e.at, e.subject_id, e.seq) > ($10, $11::uuid, $12::int))
       ORDER BY e.at, e.subject_id, e.seq LIMIT $1`,
      [
        limit + 1, search.scope === null, search.scope?.subtrees ?? [], search.scope?.units ?? [], search.unitPath ?? null,
        search.actorUserId ?? null, search.event ?? null, search.from ?? null, search.to ?? null,
        after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null,
      ],
    );
    return toPage(rows, limit, (r) => r, (r) => [r.at.toISOString(), r.subjectId, r.seq]);
  }

  verify(subjectIds: string[]): Promise<VerifyResult> {
    return verifySubjects((sql, params) => this.db.query(sql, params), subjectIds);
  }
}
