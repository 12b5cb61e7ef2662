import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The images of a signed document's appearance (Decree 30/2020, Appendix I): a unit's seal
 * (con dấu, red) and a signer's handwritten signature (chữ ký, blue), transparent PNGs that an
 * admin uploads. Written once, like the issued documents: a new image is a new row, the latest
 * one is used at ISSUE, and each upload has its own audit entry.
 */
export class StoreSealAndSignatureImages1764001210000 implements MigrationInterface {
  name = 'StoreSealAndSignatureImages1764001210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appearance_images (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('seal', 'signature')),
        unit_id uuid REFERENCES units (id),
        user_id uuid REFERENCES users (id),
        png bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        width_px integer NOT NULL CHECK (width_px > 0),
        height_px integer NOT NULL CHECK (height_px > 0),
        width_mm numeric(6, 2) NOT NULL CHECK (width_mm > 0),
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT appearance_images_owner CHECK ((kind = 'seal' AND unit_id IS NOT NULL AND user_id IS NULL) OR (kind = 'signature' AND user_id IS NOT NULL AND unit_id IS NULL))
      )`);
    await q.query(`CREATE INDEX appearance_images_seal_idx ON appearance_images (unit_id, uploaded_at DESC) WHERE kind = 'seal'`);
    await q.query(`CREATE INDEX appearance_images_signature_idx ON appearance_images (user_id, uploaded_at DESC) WHERE kind = 'signature'`);
    await q.query(`
      CREATE FUNCTION appearance_images_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'appearance_images is written once: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER appearance_images_write_once BEFORE UPDATE OR DELETE ON appearance_images
      FOR EACH ROW EXECUTE FUNCTION appearance_images_write_once()`);
    await q.query(`
      CREATE TRIGGER appearance_images_no_truncate BEFORE TRUNCATE ON appearance_images
      FOR EACH STATEMENT EXECUTE FUNCTION appearance_images_write_once()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_cascade_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON appearance_images FROM plan_cascade_app;
          GRANT SELECT, INSERT ON appearance_images TO plan_cascade_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appearance_images`);
    await q.query(`DROP FUNCTION appearance_images_write_once()`);
  }
}
