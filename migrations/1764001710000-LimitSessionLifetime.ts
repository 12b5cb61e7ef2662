import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each refresh token carries when its session began (the sign-in), so a chain of refreshes
 * ends at an absolute limit instead of restarting the refresh lifetime for ever.
 */
export class LimitSessionLifetime1764001710000 implements MigrationInterface {
  name = 'LimitSessionLifetime1764001710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN session_started_at timestamptz`);
    // Sessions already open count from their latest token: the most that can be known.
    await q.query(`UPDATE refresh_tokens SET session_started_at = created_at`);
    await q.query(`ALTER TABLE refresh_tokens ALTER COLUMN session_started_at SET NOT NULL, ALTER COLUMN session_started_at SET DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN session_started_at`);
  }
}
