import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/core';
import type { Actor } from '../access/actor.js';

/** The channel the triggers of migration NotifyActorChanges send a user id (or 'all') on. */
export const ACTOR_CHANNEL = 'actor_changed';
/** How the listening connection names itself in pg_stat_activity. */
export const ACTOR_LISTENER_NAME = 'plan-cascade-actor-cache';
/** A bound on the entries, far above the accounts of one installation: a flood of distinct callers clears it. */
const MAX_ENTRIES = 50_000;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * The guard's actors, kept per process so a request does not read its caller's roles again.
 * Exact by construction, not by TTL: every change to what an actor is built from (the account's
 * active flag and names, its memberships, unit paths) is NOTIFYed by triggers at commit and this
 * process LISTENs on one dedicated connection; a change made by this process is also dropped
 * here (`changed`) before its request answers. Whenever that connection is not listening
 * (starting, lost, reconnecting) nothing is cached, and each (re)connection starts empty, so a
 * notification missed while it was down cannot leave a stale entry. ACTOR_CACHE_TTL_MS bounds an
 * entry's life as a backstop; 0 turns the cache (and the connection) off.
 */
@Injectable()
export class ActorCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActorCache.name);
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  private readonly ttlMs: number;
  /** Bumped by every invalidation: a load that began before one is not stored (it may have read the old rows). */
  private epoch = 0;
  private client?: pg.Client;
  private listening = false;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retry?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.actorCacheTtlMs;
  }

  /** Whether entries are kept now: the listening connection is up (tests wait on it). */
  get active(): boolean {
    return this.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs > 0) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.drop();
    await this.client?.end().catch(() => undefined);
  }

  /** The actor of `userId`, from the cache while listening, otherwise `load()`ed (and kept if still valid). */
  async get(userId: string, load: () => Promise<Actor | undefined>): Promise<Actor | undefined> {
    if (!this.listening) return load();
    const now = Date.now();
    const hit = this.entries.get(userId);
    if (hit && hit.until > now) return hit.actor;
    const epoch = this.epoch;
    const actor = await load();
    // Only accounts that can act are kept: an unknown or inactive one is read again each time.
    if (actor && this.listening && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(userId, { actor, until: now + this.ttlMs });
    }
    return actor;
  }

  /**
   * Drops what a change this process has just committed makes stale (a user id, or 'all'), so
   * its own next request sees it without waiting for the notification. Call after the commit.
   */
  changed(userIds: string | readonly string[] | 'all'): void {
    if (userIds === 'all') return this.drop();
    this.epoch++;
    for (const id of typeof userIds === 'string' ? [userIds] : userIds) this.entries.delete(id);
  }

  private drop(): void {
    this.epoch++;
    this.entries.clear();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const options = this.db.options as Extract<DataSourceOptions, { type: 'postgres' }>;
    const { max: _max, application_name: _name, ...extra } = (options.extra ?? {}) as Record<string, unknown>;
    const client = new pg.Client({
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: typeof options.password === 'string' ? options.password : undefined,
      database: options.database,
      ssl: options.ssl as pg.ClientConfig['ssl'],
      ...extra,
      application_name: ACTOR_LISTENER_NAME,
      // A connection that silently died is found by TCP keep-alive; until then the TTL bounds staleness.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      // Nothing is cached until a new connection listens: notifications may be lost from here on.
      this.listening = false;
      this.drop();
      if (this.stopped) return;
      this.logger.warn(`Actor cache: the LISTEN connection is down (${error?.message ?? 'closed'}); not caching until it is back`);
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect(), this.retryMs);
      this.retry.unref();
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel !== ACTOR_CHANNEL) return;
      if (!message.payload || message.payload === 'all') this.drop();
      else this.changed(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTOR_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (failed || this.stopped) return;
    // Start empty: whatever changed before LISTEN took effect was never announced to this connection.
    this.drop();
    this.listening = true;
    this.retryMs = RETRY_MIN_MS;
  }
}
