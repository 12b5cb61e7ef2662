import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DomainError, ErrorCode, type AppConfig } from '@app/core';

/** Expired pairs are swept every this many sign-ins (one indexed DELETE). */
const SWEEP_EVERY = 200;

/**
 * Counts sign-in attempts per (username, address) pair: one address guessing one account slows
 * that pair only, never the account from everywhere (a lock anyone could keep on for ever) nor
 * the colleagues behind the same office NAT or proxy. Names that do not exist are counted the
 * same way as names that do, so the answers (401, then 429) say nothing of who exists.
 *
 * An attempt is counted before the password is hashed, in one atomic statement, and the count
 * is cleared by a success: concurrent guesses beyond the limit are refused without costing an
 * argon2 hash each. Kept in the database, so it holds across restarts and API instances.
 */
@Injectable()
export class LoginThrottle {
  private calls = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get rules() {
    return this.config.loginThrottle;
  }

  /** Counts this attempt for the pair; 429 with Retry-After once the pair has used its attempts in the window. */
  async admit(username: string, address: string): Promise<void> {
    const [row]: { attempts: number; retryAfter: number }[] = await this.db.query(
      `INSERT INTO login_attempts AS a (username, address, attempts, window_started_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (username, address) DO UPDATE SET
         attempts = CASE WHEN a.window_started_at > now() - make_interval(secs => $3) THEN a.attempts + 1 ELSE 1 END,
         window_started_at = CASE WHEN a.window_started_at > now() - make_interval(secs => $3) THEN a.window_started_at ELSE now() END
       RETURNING attempts, greatest(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => $3) - now())))::int AS "retryAfter"`,
      [key(username), address, this.rules.windowSeconds],
    );
    if (++this.calls % SWEEP_EVERY === 0) {
      await this.db.query(`DELETE FROM login_attempts WHERE window_started_at < now() - make_interval(secs => $1)`, [this.rules.windowSeconds]);
    }
    if (row.attempts > this.rules.maxFailures) throw tooMany(row.retryAfter);
  }

  /** The right password: the pair starts afresh. */
  async succeeded(username: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_attempts WHERE username = $1 AND address = $2`, [key(username), address]);
  }
}

const key = (username: string) => username.trim().toLowerCase();

function tooMany(retryAfterSeconds: number): DomainError {
  return new DomainError(
    ErrorCode.TOO_MANY_ATTEMPTS,
    'Too many failed sign-in attempts; try again later',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
