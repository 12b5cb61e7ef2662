import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units form a tree stored as an ltree materialised path of numeric labels
 * (`path = parent.path || label`): subtree and ancestor reads are one indexed query.
 */
export class CreateOrganisationTree1764000000000 implements MigrationInterface {
  name = 'CreateOrganisationTree1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`
      CREATE TABLE unit_kinds (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*$'),
        name text NOT NULL,
        name_vi text NOT NULL
      )`);
    await q.query(`
      INSERT INTO unit_kinds (code, name, name_vi) VALUES
        ('party_committee', 'Party committee', 'Cấp ủy'),
        ('standing_committee', 'Standing committee', 'Ban Thường vụ'),
        ('department', 'Advisory department or office', 'Ban, Văn phòng tham mưu'),
        ('people_committee', 'People''s Committee', 'Ủy ban nhân dân'),
        ('state_body', 'State body', 'Cơ quan nhà nước'),
        ('front', 'Fatherland Front', 'Mặt trận Tổ quốc'),
        ('mass_organisation', 'Mass organisation', 'Đoàn thể chính trị - xã hội'),
        ('grassroots_committee', 'Grassroots party committee', 'Đảng ủy cơ sở'),
        ('party_cell', 'Party cell', 'Chi bộ')`);
    // The label is taken before the insert because the row's own path ends with it.
    await q.query(`CREATE SEQUENCE units_label_seq`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label bigint NOT NULL UNIQUE DEFAULT nextval('units_label_seq'),
        name text NOT NULL CHECK (btrim(name) <> ''),
        short_name text NOT NULL CHECK (btrim(short_name) <> ''),
        kind text NOT NULL REFERENCES unit_kinds (code),
        parent_id uuid REFERENCES units (id),
        path ltree NOT NULL,
        depth integer GENERATED ALWAYS AS (nlevel(path)) STORED,
        symbol_style text NOT NULL CHECK (symbol_style IN ('party', 'state')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT units_not_own_parent CHECK (parent_id <> id)
      )`);
    await q.query(`ALTER SEQUENCE units_label_seq OWNED BY units.label`);
    await q.query(`CREATE UNIQUE INDEX units_path_key ON units (path)`);
    await q.query(`CREATE INDEX units_path_gist ON units USING gist (path)`);
    await q.query(`CREATE INDEX units_children_idx ON units (parent_id, name, id)`);
    await q.query(`CREATE INDEX units_roots_idx ON units (name, id) WHERE parent_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE units`);
    await q.query(`DROP TABLE unit_kinds`);
  }
}
