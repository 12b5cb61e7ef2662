import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The files a report attaches (the signed report, tables, photos), kept with the report so
 * that its reviewers read exactly what was sent. Addressed by SHA-256 within the report: the
 * report's `attachments` name them by that hash, and the same file uploaded twice is one row.
 */
export class StoreReportFiles1764001020000 implements MigrationInterface {
  name = 'StoreReportFiles1764001020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_files (
        report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL CHECK (size = octet_length(content)),
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL,
        PRIMARY KEY (report_id, sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_files`);
  }
}
