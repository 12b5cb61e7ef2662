import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Local accounts, the roles they hold at units, refresh tokens and login throttling. */
export class CreateAccountsAndMemberships1764000100000 implements MigrationInterface {
  name = 'CreateAccountsAndMemberships1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        display_name text NOT NULL CHECK (btrim(display_name) <> ''),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (username)`);
    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        unit_id uuid REFERENCES units (id),
        role text NOT NULL CHECK (role IN ('admin', 'drafter', 'secretary', 'monitor', 'unit_officer', 'auditor')),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- a membership without a unit spans the whole organisation: only for the bootstrap admin
        CONSTRAINT memberships_global_admin_only CHECK (unit_id IS NOT NULL OR role = 'admin'),
        CONSTRAINT memberships_unique UNIQUE NULLS NOT DISTINCT (user_id, unit_id, role)
      )`);
    await q.query(`CREATE INDEX memberships_unit_idx ON memberships (unit_id)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);
    await q.query(`
      CREATE TABLE login_failures_by_address (
        address text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        failures integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures_by_address`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE memberships`);
    await q.query(`DROP TABLE users`);
  }
}
