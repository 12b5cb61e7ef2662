import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DomainError, ErrorCode, type AppConfig } from '@app/core';

/**
 * Counts failed logins per account (lock after N in a row) and per address (for failures
 * only: a whole office signs in from one address, so success is never throttled).
 * Kept in the database, so it holds across restarts and across several API instances.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get rules() {
    return this.config.loginThrottle;
  }

  async assertAddressAllowed(address: string): Promise<void> {
    const [row]: { retryAfter: number }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS "retryAfter"
       FROM login_failures_by_address
       WHERE address = $1 AND failures >= $3 AND window_started_at > now() - make_interval(secs => $2)`,
      [address, this.rules.addressWindowSeconds, this.rules.maxFailuresPerAddress],
    );
    if (row) throw tooMany(row.retryAfter);
  }

  assertAccountUnlocked(lockedUntil: Date | null): void {
    const remaining = lockedUntil ? Math.ceil((lockedUntil.getTime() - Date.now()) / 1000) : 0;
    if (remaining > 0) throw tooMany(remaining);
  }

  async recordFailure(address: string, userId?: string): Promise<void> {
    await this.db.query(
      `INSERT INTO login_failures_by_address AS f (address, window_started_at, failures) VALUES ($1, now(), 1)
       ON CONFLICT (address) DO UPDATE SET
         failures = CASE WHEN f.window_started_at > now() - make_interval(secs => $2) THEN f.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN f.window_started_at > now() - make_interval(secs => $2) THEN f.window_started_at ELSE now() END`,
      [address, this.rules.addressWindowSeconds],
    );
    if (userId) {
      // The N-th failure in a row locks the account and starts counting afresh.
      await this.db.query(
        `UPDATE users SET
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END,
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
         WHERE id = $1`,
        [userId, this.rules.maxFailuresPerAccount, this.rules.lockSeconds],
      );
    }
  }

  async recordSuccess(userId: string): Promise<void> {
    await this.db.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins > 0 OR locked_until IS NOT NULL)`, [userId]);
  }
}

function tooMany(retryAfterSeconds: number): DomainError {
  return new DomainError(
    ErrorCode.TOO_MANY_ATTEMPTS,
    'Too many failed sign-in attempts; try again later',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
