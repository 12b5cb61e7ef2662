import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts are counted per (username, address) pair instead of per account and per
 * address: the account lock (users.failed_logins, locked_until) let anyone lock anyone out and
 * told who exists; the address limit refused a whole office's correct passwords. `username` is
 * the name as typed (lower-cased), whether or not an account has it.
 */
export class ThrottleSignInPerAccountAndAddress1764001700000 implements MigrationInterface {
  name = 'ThrottleSignInPerAccountAndAddress1764001700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempts (
        username text NOT NULL,
        address text NOT NULL,
        attempts integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        PRIMARY KEY (username, address)
      )`);
    await q.query(`CREATE INDEX login_attempts_window_idx ON login_attempts (window_started_at)`);
    await q.query(`DROP TABLE login_failures_by_address`);
    await q.query(`ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`);
    await q.query(`
      CREATE TABLE login_failures_by_address (
        address text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        failures integer NOT NULL
      )`);
    await q.query(`DROP TABLE login_attempts`);
  }
}
