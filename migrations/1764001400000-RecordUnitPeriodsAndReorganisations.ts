import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units live through reorganisations (DOMAIN.md, "The tree changes over time"):
 * - `units.valid_from` / `valid_to` (inclusive days; -infinity / infinity when open) say when a unit exists;
 * - `unit_periods` keeps its name, short name, kind and parent per period, so a read "as of" a
 *   day shows the unit as it was; every unit gets one open period with what it has now;
 * - `plans.issued_by_unit_id` is the unit that numbered and issued a plan, never changed by a
 *   handover: the number stays unique per that unit, and the plan keeps naming its issuer as it was;
 * - memberships become subjects of the transition runner (a HANDOVER is audited on each), and a
 *   membership `former` after its unit is dissolved still lets its holder read, never act;
 * - `reorganisations` records each operation (scheduled, applied, cancelled) and what it touched;
 * - the queue `reorganisation-apply` applies a scheduled one on its effective day.
 */
export class RecordUnitPeriodsAndReorganisations1764001400000 implements MigrationInterface {
  name = 'RecordUnitPeriodsAndReorganisations1764001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN valid_from date NOT NULL DEFAULT '-infinity', ADD COLUMN valid_to date NOT NULL DEFAULT 'infinity',
      ADD CONSTRAINT units_valid_period CHECK (valid_from <= valid_to)`);
    await q.query(`
      CREATE TABLE unit_periods (
        unit_id uuid NOT NULL REFERENCES units (id),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        name text NOT NULL,
        short_name text NOT NULL,
        kind text NOT NULL REFERENCES unit_kinds (code),
        parent_id uuid REFERENCES units (id),
        reorganisation_id uuid,
        PRIMARY KEY (unit_id, valid_from),
        CONSTRAINT unit_periods_ordered CHECK (valid_from <= valid_to)
      )`);
    await q.query(`INSERT INTO unit_periods (unit_id, valid_from, valid_to, name, short_name, kind, parent_id)
      SELECT id, valid_from, valid_to, name, short_name, kind, parent_id FROM units`);
    // The tree as of a day: a parent's periods, by name.
    await q.query(`CREATE INDEX unit_periods_parent_idx ON unit_periods (parent_id, name, unit_id)`);
    // A unit made later (POST /units) gets its open period with it; renames through PATCH change the open period.
    await q.query(`
      CREATE FUNCTION units_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO unit_periods (unit_id, valid_from, valid_to, name, short_name, kind, parent_id)
          VALUES (NEW.id, NEW.valid_from, NEW.valid_to, NEW.name, NEW.short_name, NEW.kind, NEW.parent_id);
        ELSIF (NEW.name, NEW.short_name, NEW.kind, NEW.parent_id) IS DISTINCT FROM (OLD.name, OLD.short_name, OLD.kind, OLD.parent_id) THEN
          UPDATE unit_periods SET name = NEW.name, short_name = NEW.short_name, kind = NEW.kind, parent_id = NEW.parent_id
          WHERE unit_id = NEW.id AND valid_to = NEW.valid_to AND valid_from = (SELECT max(valid_from) FROM unit_periods WHERE unit_id = NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER units_open_period AFTER INSERT OR UPDATE ON units FOR EACH ROW EXECUTE FUNCTION units_open_period()`);

    await q.query(`ALTER TABLE plans ADD COLUMN issued_by_unit_id uuid REFERENCES units (id)`);
    await q.query(`UPDATE plans SET issued_by_unit_id = issuer_unit_id WHERE number IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION plans_issued_by() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.number IS NOT NULL AND NEW.issued_by_unit_id IS NULL THEN NEW.issued_by_unit_id := NEW.issuer_unit_id; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER plans_issued_by BEFORE INSERT OR UPDATE OF number ON plans FOR EACH ROW EXECUTE FUNCTION plans_issued_by()`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_number_once,
      ADD CONSTRAINT plans_number_once UNIQUE (issued_by_unit_id, type, numbering_period, number)`);

    await q.query(`ALTER TABLE memberships ADD COLUMN state text NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'former')),
      ADD COLUMN version integer NOT NULL DEFAULT 1, ADD COLUMN audit_seq integer NOT NULL DEFAULT 0, ADD COLUMN audit_hash text,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);

    await q.query(`
      CREATE TABLE reorganisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        effective_on date NOT NULL,
        changes jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('scheduled', 'applied', 'cancelled', 'failed')),
        touched jsonb,
        failure jsonb,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        applied_at timestamptz,
        cancelled_at timestamptz,
        job_id uuid
      )`);
    await q.query(`CREATE INDEX reorganisations_scheduled_idx ON reorganisations (effective_on) WHERE state = 'scheduled'`);
    await q.query(`ALTER TABLE unit_periods ADD CONSTRAINT unit_periods_reorganisation_fk FOREIGN KEY (reorganisation_id) REFERENCES reorganisations (id)`);
    await q.query(`SELECT pgboss.create_queue($1, $2::json)`, ['reorganisation-apply', JSON.stringify({ policy: 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pgboss.delete_queue($1)`, ['reorganisation-apply']);
    await q.query(`ALTER TABLE unit_periods DROP CONSTRAINT unit_periods_reorganisation_fk`);
    await q.query(`DROP TABLE reorganisations`);
    await q.query(`ALTER TABLE memberships DROP COLUMN updated_at, DROP COLUMN audit_hash, DROP COLUMN audit_seq, DROP COLUMN version, DROP COLUMN state`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_number_once, ADD CONSTRAINT plans_number_once UNIQUE (issuer_unit_id, type, numbering_period, number)`);
    await q.query(`DROP TRIGGER plans_issued_by ON plans`);
    await q.query(`DROP FUNCTION plans_issued_by()`);
    await q.query(`ALTER TABLE plans DROP COLUMN issued_by_unit_id`);
    await q.query(`DROP TRIGGER units_open_period ON units`);
    await q.query(`DROP FUNCTION units_open_period()`);
    await q.query(`DROP TABLE unit_periods`);
    await q.query(`ALTER TABLE units DROP CONSTRAINT units_valid_period, DROP COLUMN valid_to, DROP COLUMN valid_from`);
  }
}
