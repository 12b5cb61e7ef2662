import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LogKeys } from './log-keys.js';
import { CompactRange, cosignNote, formatCheckpoint, leafHash, parseNote, signNote } from './merkle/index.js';

/** One advisory lock key for "the log writer" across every process on the database. */
export const WRITER_LOCK = 0x6175_6c67; // 'aulg'
/** Entries per transaction: bounds the lock hold and the statement sizes. */
const BATCH = 5000;

export interface AppendResult {
  /** Entries given an index by this call. */
  appended: number;
  /** The tree size afterwards. */
  size: number;
  /** Another writer held the lock, so this call did nothing. */
  busy: boolean;
}

interface State {
  size: string;
  edge: Buffer[];
  afterTx: string;
  afterId: string;
}

/**
 * The single writer of the transparency log. Each batch, under a transaction-scoped advisory
 * lock (a second writer gives up at once and leaves the work to the holder), takes the next
 * committed audit entries in (transaction id, entry id) order — but only those whose
 * transaction is older than the oldest transaction still running (`pg_snapshot_xmin`): every
 * such transaction has ended, so no entry can still appear behind the writer's position, and
 * an entry committed out of id order waits until it is visible rather than being skipped.
 * Each gets the next leaf index, the perfect subtrees it completes are stored, the right edge
 * and position move on, and a checkpoint of the new size is signed — all in one transaction,
 * so an index is assigned exactly once. Transitions never wait: they take no lock the writer
 * holds, and the writer only reads their rows.
 */
@Injectable()
export class AuditLogWriter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: LogKeys,
  ) {}

  /** Appends everything that can be appended now (batch after batch). */
  async appendAll(): Promise<AppendResult> {
    let total = 0;
    for (;;) {
      const result = await this.appendBatch(BATCH);
      total += result.appended;
      if (result.busy || result.appended < BATCH) return { ...result, appended: total };
    }
  }

  /** One transaction: at most `limit` entries. */
  async appendBatch(limit: number): Promise<AppendResult> {
    return this.db.transaction(async (tx) => {
      const [{ locked }]: { locked: boolean }[] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [WRITER_LOCK]);
      if (!locked) return { appended: 0, size: -1, busy: true };
      const state = await this.state(tx);
      const [{ next }]: { next: string }[] = await tx.query(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
      // A position beyond every transaction id this server has issued means the database was restored into another
      // cluster (a logical dump): new entries would sort before it and be missed. Stop loudly (docs/audit-log.md).
      if (BigInt(state.afterTx) > BigInt(next)) {
        throw new Error(`The audit log's position (transaction ${state.afterTx}) is ahead of this server's transaction ids (${next}): see docs/audit-log.md, "Restoring a dump"`);
      }
      const entries: { id: string; tx: string; hash: string }[] = await tx.query(
        `SELECT e.id, e.tx::text AS tx, e.hash FROM audit_entries e
         WHERE (e.tx, e.id) > ($1::xid8, $2::bigint) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY e.tx, e.id LIMIT $3`,
        [state.afterTx, state.afterId, limit],
      );
      const size = Number(state.size);
      const range = CompactRange.of(size, state.edge);
      if (entries.length === 0) {
        await this.checkpoint(tx, range, false);
        return { appended: 0, size, busy: false };
      }
      const levels: number[] = [];
      const indexes: number[] = [];
      const hashes: Buffer[] = [];
      for (const entry of entries) {
        // The leaf is a fixed-size commitment to the entry: its 32-byte chain hash (SHA-256 of the canonical entry).
        for (const node of range.append(leafHash(Buffer.from(entry.hash, 'hex')))) {
          levels.push(node.level);
          indexes.push(node.index);
          hashes.push(node.hash);
        }
      }
      await tx.query(`INSERT INTO audit_log_leaves (idx, entry_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])`, [
        entries.map((_, i) => size + i),
        entries.map((e) => e.id),
      ]);
      await tx.query(`INSERT INTO audit_log_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`, [levels, indexes, hashes]);
      const last = entries[entries.length - 1];
      await tx.query(`UPDATE audit_log_state SET size = $1, edge = $2::bytea[], after_tx = $3::xid8, after_id = $4`, [range.size, range.hashes(), last.tx, last.id]);
      await this.checkpoint(tx, range, true);
      return { appended: entries.length, size: range.size, busy: false };
    });
  }

  private async state(tx: EntityManager): Promise<State> {
    const [state]: State[] = await tx.query(
      `SELECT size::text AS size, edge, after_tx::text AS "afterTx", after_id::text AS "afterId" FROM audit_log_state FOR UPDATE`,
    );
    if (!state) throw new Error('audit_log_state is missing: run the migrations');
    return state;
  }

  /**
   * Signs a checkpoint of the tree's size if there is none yet; if the latest is not signed by
   * the current key (it rotated), the current key cosigns it, so clients holding only the new
   * key can verify the latest tree at once.
   */
  private async checkpoint(tx: EntityManager, range: CompactRange, grew: boolean): Promise<void> {
    const [latest]: { size: string; note: string }[] = await tx.query(`SELECT c.size::text AS size, c.note FROM audit_log_checkpoints c ORDER BY c.size DESC LIMIT 1`);
    if (!grew && latest && Number(latest.size) === range.size) {
      const signer = this.keys.signer;
      if (!parseNote(latest.note).signatures.some((s) => s.name === signer.name && s.keyId === signer.keyId)) {
        await tx.query(`UPDATE audit_log_checkpoints SET note = $2 WHERE size = $1`, [latest.size, cosignNote(latest.note, signer)]);
      }
      return;
    }
    const note = signNote(formatCheckpoint(this.keys.origin, range.size, range.root()), this.keys.signer);
    await tx.query(`INSERT INTO audit_log_checkpoints (size, root, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING`, [range.size, range.root(), note]);
  }
}
