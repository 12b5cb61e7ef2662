import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transparency log over the audit trail (docs/audit-log.md).
 *
 * audit_entries gains `id` (the entryId clients name an entry by; existing entries numbered in
 * (at, subject, seq) order) and `tx`, the inserting transaction's 64-bit id. The log writer
 * takes only entries whose transaction is older than every transaction still running, so an
 * entry committed out of id order is never skipped and never taken twice.
 *
 * The log itself: which entry is each leaf, every perfect subtree's hash (what any proof is
 * folded from), the writer's state (size, right edge, where it stopped) and every signed
 * checkpoint. Leaves, nodes and checkpoints are append-only like the audit trail.
 */
export class LogAuditEntries1764001300000 implements MigrationInterface {
  name = 'LogAuditEntries1764001300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entries ADD COLUMN id bigint`);
    // Numbering existing entries updates them once: the append-only trigger steps aside for it.
    await q.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`);
    await q.query(`
      UPDATE audit_entries e SET id = o.n
      FROM (SELECT subject_id, seq, row_number() OVER (ORDER BY at, subject_id, seq) AS n FROM audit_entries) o
      WHERE o.subject_id = e.subject_id AND o.seq = e.seq`);
    await q.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN id SET NOT NULL`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY`);
    await q.query(`SELECT setval(pg_get_serial_sequence('audit_entries', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_entries`);
    await q.query(`CREATE UNIQUE INDEX audit_entries_id_key ON audit_entries (id)`);
    // Entries that exist now were committed before this migration: 0 is below any running transaction.
    await q.query(`ALTER TABLE audit_entries ADD COLUMN tx xid8 NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN tx SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX audit_entries_tx_idx ON audit_entries (tx, id)`);

    await q.query(`
      CREATE TABLE audit_log_leaves (
        idx bigint PRIMARY KEY CHECK (idx >= 0),
        entry_id bigint NOT NULL UNIQUE REFERENCES audit_entries (id)
      )`);
    await q.query(`
      CREATE TABLE audit_log_nodes (
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE audit_log_checkpoints (
        size bigint PRIMARY KEY CHECK (size >= 0),
        root bytea NOT NULL CHECK (length(root) = 32),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE audit_log_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        size bigint NOT NULL CHECK (size >= 0),
        edge bytea[] NOT NULL,
        after_tx xid8 NOT NULL,
        after_id bigint NOT NULL
      )`);
    await q.query(`INSERT INTO audit_log_state (size, edge, after_tx, after_id) VALUES (0, '{}', '0', 0)`);
    for (const table of ['audit_log_leaves', 'audit_log_nodes']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
    }
    // A checkpoint's note may gain a signature (a rotated key cosigning); nothing else changes.
    await q.query(`
      CREATE FUNCTION audit_log_checkpoints_cosign_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.size <> OLD.size OR NEW.root <> OLD.root OR NOT starts_with(NEW.note, OLD.note) THEN
          RAISE EXCEPTION 'audit_log_checkpoints only gains signatures: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_checkpoints_cosign_only BEFORE UPDATE OR DELETE ON audit_log_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_log_checkpoints_cosign_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_checkpoints_no_truncate BEFORE TRUNCATE ON audit_log_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_cascade_app') THEN
          GRANT SELECT, INSERT ON audit_log_leaves, audit_log_nodes TO plan_cascade_app;
          GRANT SELECT, INSERT, UPDATE ON audit_log_checkpoints, audit_log_state TO plan_cascade_app;
        END IF;
      END $$`);
    await q.query(`SELECT pgboss.create_queue($1, $2::json)`, ['audit-log-append', JSON.stringify({ policy: 'stately', retryLimit: 3, retryDelay: 5, expireInSeconds: 300 })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pgboss.delete_queue($1)`, ['audit-log-append']);
    await q.query(`DROP TABLE audit_log_state`);
    await q.query(`DROP TABLE audit_log_checkpoints`);
    await q.query(`DROP FUNCTION audit_log_checkpoints_cosign_only()`);
    await q.query(`DROP TABLE audit_log_nodes`);
    await q.query(`DROP TABLE audit_log_leaves`);
    await q.query(`DROP INDEX audit_entries_tx_idx`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN tx`);
    await q.query(`DROP INDEX audit_entries_id_key`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN id`);
  }
}
