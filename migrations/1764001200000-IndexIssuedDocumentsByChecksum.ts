import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * POST /documents/verify looks an uploaded copy up by its SHA-256: "is this the document we
 * issued?" is one index probe, not a scan of every stored PDF.
 */
export class IndexIssuedDocumentsByChecksum1764001200000 implements MigrationInterface {
  name = 'IndexIssuedDocumentsByChecksum1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX plan_documents_sha256_idx ON plan_documents (pdf_sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plan_documents_sha256_idx`);
  }
}
