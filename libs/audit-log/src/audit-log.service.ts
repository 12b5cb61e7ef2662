import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '@app/core';
import { Actor, Permission } from '@app/org';
import { AUDIT_COLUMNS, type HashedAuditEntry } from '@app/transitions';
import { AuditLogWriter } from './audit-log-writer.service.js';
import { LogKeys } from './log-keys.js';
import {
  BUNDLE_FORMAT, consistencyRanges, encodeBase64, foldRight, formatTlogProof, inclusionRanges, perfectNodes, type AuditBundle, type BundleEntry,
  type Range,
} from './merkle/index.js';

export interface InclusionProof {
  index: number;
  size: number;
  /** The exact bytes hashed as the leaf (the entry's 32-byte chain hash). */
  leafData: Buffer;
  hashes: Buffer[];
  checkpoint: string;
}

export interface ConsistencyProof {
  from: number;
  to: number;
  hashes: Buffer[];
  checkpoint: string;
}

export interface LogKeysView {
  origin: string;
  /** The verifier key of the key signing new checkpoints. */
  current: string;
  /** Every key whose checkpoints still verify: the current one first, then rotated-out ones. */
  keys: string[];
}

export interface ExportRequest {
  unitId: string;
  from?: Date;
  to?: Date;
  /** Tree sizes of checkpoints the inspector saved: the bundle proves the new one extends each. */
  since?: number[];
}

/** The proof side of the log: checkpoints, proofs, keys, export bundles. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: AuditLogWriter,
    private readonly keys: LogKeys,
  ) {}

  keysView(): LogKeysView {
    return { origin: this.keys.origin, current: this.keys.signer.text, keys: this.keys.verifiers.map((k) => k.text) };
  }

  /** The latest signed checkpoint (the writer signs the empty tree on its first run). */
  async latest(): Promise<{ size: number; note: string }> {
    const latest = await this.latestRow();
    if (latest) return latest;
    await this.writer.appendAll();
    const signed = await this.latestRow();
    if (!signed) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The log has no checkpoint yet');
    return signed;
  }

  async checkpoint(size: number): Promise<string> {
    const [row]: { note: string }[] = await this.db.query(`SELECT note FROM audit_log_checkpoints WHERE size = $1`, [size]);
    if (!row) throw DomainError.notFound('Checkpoint of that size');
    return row.note;
  }

  /** Inclusion proof of an entry the caller audits, in the checkpoint of `size` (default: the latest). */
  async inclusion(actor: Actor, entryId: number, size?: number): Promise<InclusionProof> {
    const [entry]: { idx: string | null; hash: string; paths: string[]; unitIds: string[] }[] = await this.db.query(
      `SELECT l.idx::text AS idx, e.hash,
              array_remove(ARRAY[au.path::text, iu.path::text], NULL) AS paths, array_remove(ARRAY[au.id, iu.id], NULL) AS "unitIds"
       FROM audit_entries e
       LEFT JOIN audit_log_leaves l ON l.entry_id = e.id
       LEFT JOIN units au ON au.id = e.actor_unit_id
       LEFT JOIN LATERAL (${ISSUER_OF_SUBJECT}) owner ON true
       LEFT JOIN units iu ON iu.id = owner.issuer_unit_id
       WHERE e.id = $1`,
      [entryId],
    );
    // An entry outside the caller's subtree is as unknown as one that does not exist.
    if (!entry || !entry.paths.some((path, i) => actor.can(Permission.AuditRead, { id: entry.unitIds[i], path }))) throw DomainError.notFound('Audit entry');
    if (entry.idx === null) throw DomainError.conflict('The entry is not in the log yet: its transaction is newer than the writer\'s last run', { reason: 'NOT_YET_LOGGED' });
    const index = Number(entry.idx);
    const checkpoint = size === undefined ? await this.latest() : { size, note: await this.checkpoint(size) };
    if (index >= checkpoint.size) {
      throw DomainError.validation('The entry was logged after that checkpoint', [{ field: 'size', messages: [`size must be above the entry's index ${index}`] }]);
    }
    const hashes = await this.proveIndex(index, checkpoint.size);
    return { index, size: checkpoint.size, leafData: Buffer.from(entry.hash, 'hex'), hashes, checkpoint: checkpoint.note };
  }

  /** The inclusion proof hashes of leaf `index` in the tree of `size` (no access check: callers check). */
  async proveIndex(index: number, size: number): Promise<Buffer[]> {
    const [hashes] = await this.proofHashes([inclusionRanges(index, size)]);
    return hashes;
  }

  tlogProof(proof: InclusionProof): string {
    return formatTlogProof(proof.index, proof.hashes, proof.checkpoint);
  }

  /** Consistency proof between two tree sizes; `to` must have a signed checkpoint. */
  async consistency(from: number, to: number): Promise<ConsistencyProof> {
    if (from < 1 || from > to) throw DomainError.validation('Need 1 ≤ from ≤ to', [{ field: 'from', messages: ['from must be at least 1 and at most to'] }]);
    const checkpoint = await this.checkpoint(to);
    const [hashes] = await this.proofHashes([consistencyRanges(from, to)]);
    return { from, to, hashes, checkpoint };
  }

  /**
   * A unit subtree's history as a self-verifying bundle: every chain of a subject that belongs
   * to the subtree (its plans with their assignments and reports, and whatever its units acted
   * on), each from its first entry, with an inclusion proof per entry in one signed checkpoint.
   * The log is brought up to date first. `actor` null: the command line, with no caller to scope.
   */
  async exportBundle(actor: Actor | null, request: ExportRequest): Promise<AuditBundle> {
    const [unit]: { id: string; name: string; path: string }[] = await this.db.query(`SELECT id, name, path::text AS path FROM units WHERE id = $1`, [request.unitId]);
    // As everywhere: a unit the caller cannot see does not exist; one it sees but does not audit is refused.
    if (!unit || (actor && !actor.can(Permission.UnitRead, unit))) throw DomainError.notFound('Unit');
    if (actor && !actor.can(Permission.AuditRead, unit)) throw DomainError.forbidden('You do not audit this unit');
    await this.catchUp();
    const checkpoint = await this.latest();
    const rows: (HashedAuditEntry & { id: string; idx: string | null })[] = await this.db.query(
      `WITH subjects AS (
         SELECT p.id FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE u.path <@ $1::ltree
         UNION SELECT a.id FROM plan_assignments a JOIN plans p ON p.id = a.plan_id JOIN units u ON u.id = p.issuer_unit_id WHERE u.path <@ $1::ltree
         UNION SELECT r.id FROM reports r JOIN plan_assignments a ON a.id = r.assignment_id JOIN plans p ON p.id = a.plan_id
               JOIN units u ON u.id = p.issuer_unit_id WHERE u.path <@ $1::ltree
         UNION SELECT e.subject_id FROM audit_entries e JOIN units u ON u.id = e.actor_unit_id WHERE u.path <@ $1::ltree
       ), chosen AS (
         SELECT s.id FROM subjects s
         WHERE ($2::timestamptz IS NULL AND $3::timestamptz IS NULL)
            OR EXISTS (SELECT 1 FROM audit_entries w WHERE w.subject_id = s.id
                       AND ($2::timestamptz IS NULL OR w.at >= $2) AND ($3::timestamptz IS NULL OR w.at < $3))
       )
       SELECT e.id::text AS id, l.idx::text AS idx, ${AUDIT_COLUMNS}
       FROM audit_entries e JOIN chosen c ON c.id = e.subject_id
       LEFT JOIN audit_log_leaves l ON l.entry_id = e.id
       WHERE $3::timestamptz IS NULL OR e.at < $3
       ORDER BY e.subject_id, e.seq`,
      [unit.path, request.from ?? null, request.to ?? null],
    );
    // Each chain up to its first entry not yet in the checkpointed tree: a bundle holds whole prefixes.
    const logged: (HashedAuditEntry & { id: string; index: number })[] = [];
    let cut: string | undefined;
    for (const row of rows) {
      if (row.subjectId === cut) continue;
      if (row.idx === null || Number(row.idx) >= checkpoint.size) {
        cut = row.subjectId;
        continue;
      }
      logged.push({ ...row, index: Number(row.idx) });
    }
    const heads = new Map<string, AuditBundle['heads'][number]>();
    for (const e of logged) heads.set(e.subjectId, { subjectType: e.subjectType, subjectId: e.subjectId, seq: e.seq, hash: e.hash });
    logged.sort((a, b) => a.index - b.index);
    const entries: BundleEntry[] = [];
    for (let i = 0; i < logged.length; i += PROOF_BATCH) {
      const batch = logged.slice(i, i + PROOF_BATCH);
      const proofs = await this.proofHashes(batch.map((e) => inclusionRanges(e.index, checkpoint.size)));
      batch.forEach((e, j) => entries.push(bundleEntry(e, proofs[j])));
    }
    const consistency = [];
    for (const size of [...new Set(request.since ?? [])]) {
      if (size < 1 || size > checkpoint.size) {
        throw DomainError.validation('No consistency proof for that size', [{ field: 'since', messages: [`since must be between 1 and ${checkpoint.size}`] }]);
      }
      const [hashes] = await this.proofHashes([consistencyRanges(size, checkpoint.size)]);
      consistency.push({ from: size, to: checkpoint.size, hashes: hashes.map(encodeBase64) });
    }
    return {
      format: BUNDLE_FORMAT,
      origin: this.keys.origin,
      unit: { id: unit.id, name: unit.name },
      from: request.from?.toISOString() ?? null,
      to: request.to?.toISOString() ?? null,
      exportedAt: new Date().toISOString(),
      checkpoint: checkpoint.note,
      keys: this.keys.verifiers.map((k) => k.text),
      heads: [...heads.values()],
      entries,
      consistency,
    };
  }

  /**
   * Runs the writer until every entry committed before now is logged, or CATCH_UP_MS passed:
   * a transaction still open elsewhere on the server holds the writer's cut back (docs/audit-log.md),
   * usually for milliseconds. What is still out after that is left to the next export.
   */
  private async catchUp(): Promise<void> {
    const [{ top }]: { top: string | null }[] = await this.db.query(`SELECT max(id)::text AS top FROM audit_entries`);
    const until = Date.now() + CATCH_UP_MS;
    for (;;) {
      await this.writer.appendAll();
      if (top === null) return;
      const [{ pending }]: { pending: boolean }[] = await this.db.query(
        `SELECT EXISTS (SELECT 1 FROM audit_entries e, audit_log_state s WHERE (e.tx, e.id) > (s.after_tx, s.after_id) AND e.id <= $1) AS pending`,
        [top],
      );
      if (!pending || Date.now() > until) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async latestRow(): Promise<{ size: number; note: string } | undefined> {
    const [row]: { size: string; note: string }[] = await this.db.query(`SELECT c.size::text AS size, c.note FROM audit_log_checkpoints c ORDER BY c.size DESC LIMIT 1`);
    return row && { size: Number(row.size), note: row.note };
  }

  /** The hashes of the proofs' nodes, each folded from stored perfect subtrees: one query, O(log n) rows per proof. */
  private async proofHashes(proofs: Range[][]): Promise<Buffer[][]> {
    const wanted = new Map<string, { level: number; index: number }>();
    const plan = proofs.map((ranges) =>
      ranges.map((range) =>
        perfectNodes(range).map((node) => {
          const key = `${node.level}/${node.index}`;
          wanted.set(key, node);
          return key;
        }),
      ),
    );
    if (wanted.size === 0) return proofs.map(() => []);
    const nodes = [...wanted.values()];
    const rows: { level: number; idx: string; hash: Buffer }[] = await this.db.query(
      `SELECT n.level, n.idx::text AS idx, n.hash FROM audit_log_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`,
      [nodes.map((n) => n.level), nodes.map((n) => n.index)],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
    return plan.map((ranges) =>
      ranges.map((keys) =>
        foldRight(
          keys.map((key) => {
            const hash = found.get(key);
            if (!hash) throw new Error(`The log is missing node ${key}`);
            return hash;
          }),
        ),
      ),
    );
  }
}

const PROOF_BATCH = 500;
const CATCH_UP_MS = 5000;

/** The unit that issued the plan a plan, assignment or report belongs to (other subjects: none). */
const ISSUER_OF_SUBJECT = `
  SELECT p.issuer_unit_id FROM plans p WHERE e.subject_type = 'plan' AND p.id = e.subject_id
  UNION ALL SELECT p.issuer_unit_id FROM plan_assignments a JOIN plans p ON p.id = a.plan_id WHERE e.subject_type = 'assignment' AND a.id = e.subject_id
  UNION ALL SELECT p.issuer_unit_id FROM reports r JOIN plan_assignments a ON a.id = r.assignment_id JOIN plans p ON p.id = a.plan_id
            WHERE e.subject_type = 'report' AND r.id = e.subject_id
  LIMIT 1`;

function bundleEntry(e: HashedAuditEntry & { id: string; index: number }, proof: Buffer[]): BundleEntry {
  return {
    entryId: Number(e.id),
    index: e.index,
    proof: proof.map(encodeBase64),
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    seq: e.seq,
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    actorUnitId: e.actorUnitId,
    onBehalfOf: e.onBehalfOf,
    event: e.event,
    fromState: e.fromState,
    toState: e.toState,
    comment: e.comment,
    payload: e.payload,
    requestId: e.requestId,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
