import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An issued PDF's streams are already deflated: PostgreSQL's TOAST compression (pglz) found
 * nothing to gain in a 50 KB plan (the table's size was the same) but spent about a millisecond
 * of CPU trying, inside ISSUE's transaction while the issuer's number counter is locked.
 * EXTERNAL keeps the bytes out of line, as before, and uncompressed. Rows already stored keep
 * their form; PostgreSQL reads both.
 */
export class StoreIssuedPdfsUncompressed1764002600000 implements MigrationInterface {
  name = 'StoreIssuedPdfsUncompressed1764002600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_documents ALTER COLUMN pdf SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_documents ALTER COLUMN pdf SET STORAGE EXTENDED`);
  }
}
