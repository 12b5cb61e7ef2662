import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRIGGER_FUNCTION = (condition: string) => `
  CREATE OR REPLACE FUNCTION plans_issued_by() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF ${condition} AND NEW.issued_by_unit_id IS NULL THEN NEW.issued_by_unit_id := NEW.issuer_unit_id; END IF;
    RETURN NEW;
  END $$`;

/**
 * A plan keeps the unit that issued it also when it was issued without a number: a registered
 * copy that prints none (the demo's Lục Ngạn plan of 2021) would otherwise lose its issuer as it
 * was once a reorganisation hands it to a successor. Set when the plan is issued (`issued_at`),
 * as well as when it is numbered. Plans issued before this, unnumbered: the unit their first
 * HANDOVER after issue moved them from, else their issuer.
 */
export class RecordIssuerOfUnnumberedPlans1764002500000 implements MigrationInterface {
  name = 'RecordIssuerOfUnnumberedPlans1764002500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(TRIGGER_FUNCTION('(NEW.number IS NOT NULL OR NEW.issued_at IS NOT NULL)'));
    await q.query(`DROP TRIGGER plans_issued_by ON plans`);
    await q.query(`CREATE TRIGGER plans_issued_by BEFORE INSERT OR UPDATE OF number, issued_at ON plans FOR EACH ROW EXECUTE FUNCTION plans_issued_by()`);
    await q.query(`
      UPDATE plans p SET issued_by_unit_id = COALESCE(
        (SELECT (a.payload->>'fromUnitId')::uuid FROM audit_entries a
          WHERE a.subject_type = 'plan' AND a.subject_id = p.id AND a.event = 'HANDOVER' AND a.from_state NOT LIKE 'draft%'
          ORDER BY a.seq LIMIT 1),
        p.issuer_unit_id)
      WHERE p.issued_by_unit_id IS NULL AND p.issued_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE plans SET issued_by_unit_id = NULL WHERE number IS NULL`);
    await q.query(`DROP TRIGGER plans_issued_by ON plans`);
    await q.query(`CREATE TRIGGER plans_issued_by BEFORE INSERT OR UPDATE OF number ON plans FOR EACH ROW EXECUTE FUNCTION plans_issued_by()`);
    await q.query(TRIGGER_FUNCTION('NEW.number IS NOT NULL'));
  }
}
