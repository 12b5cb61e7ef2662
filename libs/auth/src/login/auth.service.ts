import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DomainError, type AppConfig } from '@app/core';
import { Actor, MembershipsService } from '@app/org';
import { MeDto, TokensDto } from './auth.dto.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';

export interface AccessTokenPayload {
  sub: string;
  typ: 'access';
}

interface Credentials {
  id: string;
  passwordHash: string;
  active: boolean;
}

const INVALID = 'Invalid username or password';

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Far above the tokens one process sees within an access token's lifetime; past it, start over. */
const VERIFIED_TOKENS_MAX = 20_000;

@Injectable()
export class AuthService {
  /**
   * Access tokens already verified, by their exact text (signature included): the id they name
   * and when they expire. A request with the same token skips the HMAC and the two JSON parses;
   * the expiry is checked on every use as jsonwebtoken checks it, so nothing lives longer.
   */
  private readonly verified = new Map<string, { sub: string; exp: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly memberships: MembershipsService,
  ) {}

  /** Known and unknown names take the same path: counted, hashed, answered alike. */
  async login(username: string, password: string, address: string): Promise<TokensDto> {
    await this.throttle.admit(username, address);
    const [user]: Credentials[] = await this.db.query(
      `SELECT id, password_hash AS "passwordHash", active FROM users WHERE username = $1`,
      [username.trim().toLowerCase()],
    );
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid || !user.active) throw DomainError.unauthenticated(INVALID);
    await this.throttle.succeeded(username, address);
    return this.issue(user.id);
  }

  /** Refresh tokens are single use: each refresh revokes the old one and returns a new pair. */
  async refresh(refreshToken: string): Promise<TokensDto> {
    const outcome = await this.db.transaction(async (em) => {
      const [row]: { id: string; userId: string; revoked: boolean; expired: boolean; active: boolean; sessionStartedAt: Date }[] = await em.query(
        `SELECT t.id, t.user_id AS "userId", t.revoked_at IS NOT NULL AS revoked, u.active, t.session_started_at AS "sessionStartedAt",
                t.expires_at <= now() OR t.session_started_at + make_interval(secs => $2) <= now() AS expired
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [digest(refreshToken), this.config.sessionMaxSeconds],
      );
      if (!row || row.expired || !row.active) return 'invalid' as const;
      if (row.revoked) {
        // A used token presented again may have been stolen: end every session of the account.
        await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [row.userId]);
        return 'reused' as const;
      }
      await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE id = $1`, [row.id]);
      // The session keeps its sign-in time: refreshing never extends it past SESSION_MAX_SECONDS.
      return this.issue(row.userId, em.query.bind(em), row.sessionStartedAt);
    });
    if (outcome === 'invalid') throw DomainError.unauthenticated('Invalid or expired refresh token');
    if (outcome === 'reused') throw DomainError.unauthenticated('Refresh token already used');
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [digest(refreshToken)]);
  }

  async verifyAccessToken(token: string): Promise<string | undefined> {
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (now < known.exp) return known.sub;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: number }>(token, { algorithms: ['HS256'] });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string') return undefined;
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
        this.verified.set(token, { sub: payload.sub, exp: payload.exp });
      }
      return payload.sub;
    } catch {
      return undefined;
    }
  }

  async me(actor: Actor): Promise<MeDto> {
    const memberships = await this.memberships.forUsers([actor.userId]);
    return { id: actor.userId, username: actor.username, displayName: actor.displayName, memberships: memberships.get(actor.userId)! };
  }

  private async issue(userId: string, query: DataSource['query'] = this.db.query.bind(this.db), sessionStartedAt: Date | null = null): Promise<TokensDto> {
    const expiresIn = this.config.jwt.accessTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: userId, typ: 'access' } satisfies AccessTokenPayload, { expiresIn });
    const refreshToken = randomBytes(32).toString('base64url');
    await query(
      `INSERT INTO refresh_tokens (user_id, token_hash, session_started_at, expires_at)
       SELECT $1, $2, s.started, least(now() + make_interval(secs => $3), s.started + make_interval(secs => $5))
       FROM (SELECT coalesce($4::timestamptz, now()) AS started) s`,
      [userId, digest(refreshToken), this.config.refreshTtlSeconds, sessionStartedAt, this.config.sessionMaxSeconds],
    );
    return { accessToken, refreshToken, expiresIn, tokenType: 'Bearer' };
  }
}
