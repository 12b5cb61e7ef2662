import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans (kế hoạch) with what is queried kept relational (issuer, state, number, dates,
 * basis links, assignments, recipients) and what is only document text in jsonb; the
 * per-issuer numbering counters; and the append-only, hash-chained audit trail.
 */
export class CreatePlansAndAuditTrail1764000200000 implements MigrationInterface {
  name = 'CreatePlansAndAuditTrail1764000200000';

  async up(q: QueryRunner): Promise<void> {
    // How a unit counts its document numbers: state bodies per calendar year, Party bodies per term.
    await q.query(`ALTER TABLE units ADD COLUMN numbering_scheme text NOT NULL DEFAULT 'calendar_year'
      CHECK (numbering_scheme IN ('calendar_year', 'term'))`);
    await q.query(`ALTER TABLE units ADD COLUMN term_starts_on date`);
    await q.query(`ALTER TABLE units ADD CONSTRAINT units_term_has_start CHECK (numbering_scheme <> 'term' OR term_starts_on IS NOT NULL)`);

    await q.query(`
      CREATE TABLE document_types (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_vi text NOT NULL
      )`);
    await q.query(`
      INSERT INTO document_types (code, name, name_vi) VALUES
        ('KH', 'Plan', 'Kế hoạch'), ('HD', 'Guideline', 'Hướng dẫn'), ('NQ', 'Resolution', 'Nghị quyết'),
        ('QĐ', 'Decision', 'Quyết định'), ('CT', 'Directive', 'Chỉ thị'), ('KL', 'Conclusion', 'Kết luận'),
        ('QC', 'Regulation', 'Quy chế'), ('TB', 'Notice', 'Thông báo'), ('BC', 'Report', 'Báo cáo'),
        ('CV', 'Official letter', 'Công văn'), ('CTr', 'Programme', 'Chương trình'), ('PA', 'Scheme', 'Phương án'),
        ('ĐA', 'Project', 'Đề án')`);

    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer_unit_id uuid NOT NULL REFERENCES units (id),
        type text NOT NULL REFERENCES document_types (code),
        title text NOT NULL CHECK (btrim(title) <> ''),
        place text,
        state text NOT NULL,
        machine_version integer NOT NULL,
        version integer NOT NULL DEFAULT 1,
        purposes jsonb NOT NULL DEFAULT '[]',
        phases jsonb NOT NULL DEFAULT '[]',
        forms jsonb NOT NULL DEFAULT '[]',
        budget jsonb,
        footnotes jsonb NOT NULL DEFAULT '[]',
        report_collector_unit_id uuid REFERENCES units (id),
        report_due_on date,
        report_periodic boolean NOT NULL DEFAULT false,
        starts_on date,
        ends_on date,
        signature jsonb,
        numbering_period text,
        number integer,
        number_and_symbol text,
        issued_on date,
        issued_at timestamptz,
        audit_seq integer NOT NULL DEFAULT 0,
        audit_hash text,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plans_number_once UNIQUE (issuer_unit_id, type, numbering_period, number)
      )`);
    await q.query(`CREATE INDEX plans_issuer_state_idx ON plans (issuer_unit_id, state)`);
    await q.query(`CREATE INDEX plans_state_idx ON plans (state)`);
    await q.query(`CREATE INDEX plans_issued_on_idx ON plans (issued_on)`);
    await q.query(`CREATE INDEX plans_created_idx ON plans (created_at, id)`);
    await q.query(`CREATE INDEX plans_number_idx ON plans (number_and_symbol)`);

    await q.query(`
      CREATE TABLE plan_basis (
        plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        position integer NOT NULL,
        linked_plan_id uuid REFERENCES plans (id),
        external jsonb,
        PRIMARY KEY (plan_id, position),
        CONSTRAINT plan_basis_one_kind CHECK ((linked_plan_id IS NULL) <> (external IS NULL))
      )`);
    await q.query(`CREATE INDEX plan_basis_linked_idx ON plan_basis (linked_plan_id) WHERE linked_plan_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE plan_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        position integer NOT NULL,
        parent_assignment_id uuid REFERENCES plan_assignments (id) ON DELETE CASCADE,
        assignee_unit_id uuid NOT NULL REFERENCES units (id),
        responsibilities jsonb NOT NULL DEFAULT '[]',
        requires_own_plan boolean NOT NULL DEFAULT false,
        due_on date,
        UNIQUE (plan_id, position)
      )`);
    await q.query(`CREATE INDEX plan_assignments_assignee_idx ON plan_assignments (assignee_unit_id)`);

    await q.query(`
      CREATE TABLE plan_recipients (
        plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        position integer NOT NULL,
        unit_id uuid REFERENCES units (id),
        name text,
        purpose text NOT NULL CHECK (purpose IN ('report', 'implement', 'coordinate', 'archive')),
        PRIMARY KEY (plan_id, position),
        CONSTRAINT plan_recipients_unit_or_name CHECK ((unit_id IS NULL) <> (name IS NULL))
      )`);
    await q.query(`CREATE INDEX plan_recipients_unit_idx ON plan_recipients (unit_id) WHERE unit_id IS NOT NULL`);

    // Numbers (số) per issuer, document type and numbering period: the row lock serialises
    // concurrent issues, and a rolled-back issue rolls its number back, so there are no gaps.
    await q.query(`
      CREATE TABLE numbering_counters (
        issuer_unit_id uuid NOT NULL REFERENCES units (id),
        type text NOT NULL REFERENCES document_types (code),
        period text NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (issuer_unit_id, type, period)
      )`);

    // One hash chain per subject (plan, and later assignment and report), so subjects do not contend.
    await q.query(`
      CREATE TABLE audit_entries (
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor_user_id uuid REFERENCES users (id),
        actor_role text,
        actor_unit_id uuid REFERENCES units (id),
        on_behalf_of text,
        event text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        comment text,
        payload jsonb NOT NULL DEFAULT '{}',
        request_id text,
        prev_hash text,
        hash text NOT NULL,
        PRIMARY KEY (subject_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_entries_at_idx ON audit_entries (at, subject_id, seq)`);
    await q.query(`CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_user_id, at)`);
    await q.query(`CREATE INDEX audit_entries_unit_idx ON audit_entries (actor_unit_id, at)`);
    await q.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
    // Where a deployment runs the API under its own role (README), that role may only read and append.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_cascade_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM plan_cascade_app;
          GRANT SELECT, INSERT ON audit_entries TO plan_cascade_app;
        END IF;
      END $$`);

    // A retried command with the same Idempotency-Key returns the first result.
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_user_id uuid NOT NULL REFERENCES users (id),
        key text NOT NULL,
        subject_id uuid NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_append_only()`);
    await q.query(`DROP TABLE numbering_counters`);
    await q.query(`DROP TABLE plan_recipients`);
    await q.query(`DROP TABLE plan_assignments`);
    await q.query(`DROP TABLE plan_basis`);
    await q.query(`DROP TABLE plans`);
    await q.query(`DROP TABLE document_types`);
    await q.query(`ALTER TABLE units DROP CONSTRAINT units_term_has_start`);
    await q.query(`ALTER TABLE units DROP COLUMN term_starts_on`);
    await q.query(`ALTER TABLE units DROP COLUMN numbering_scheme`);
  }
}
