import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document of an issued plan as it was issued: the PDF's bytes (their SHA-256 is in the
 * ISSUE audit entry) and the model they were rendered from (the DOCX is rendered from it, so
 * a later rename of a unit does not change what the plan said). Written once at ISSUE, in its
 * transaction; a trigger refuses any change afterwards, as for the audit trail.
 */
export class StoreIssuedDocuments1764000810000 implements MigrationInterface {
  name = 'StoreIssuedDocuments1764000810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_documents (
        plan_id uuid PRIMARY KEY REFERENCES plans (id),
        model jsonb NOT NULL,
        pdf bytea NOT NULL,
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        rendered_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION plan_documents_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'plan_documents is written once: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER plan_documents_write_once BEFORE UPDATE OR DELETE ON plan_documents
      FOR EACH ROW EXECUTE FUNCTION plan_documents_write_once()`);
    await q.query(`
      CREATE TRIGGER plan_documents_no_truncate BEFORE TRUNCATE ON plan_documents
      FOR EACH STATEMENT EXECUTE FUNCTION plan_documents_write_once()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_cascade_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON plan_documents FROM plan_cascade_app;
          GRANT SELECT, INSERT ON plan_documents TO plan_cascade_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_documents`);
    await q.query(`DROP FUNCTION plan_documents_write_once()`);
  }
}
