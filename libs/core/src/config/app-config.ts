import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** 'true'/'false' and their usual spellings; anything else stays a string and fails validation. */
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  return value;
};

/** A comma-separated list of whole days (`1,3`; empty: none); anything else stays a string and fails validation. */
const toDays = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return [];
  const days = value.split(',').map((part) => (/^\s*\d{1,3}\s*$/.test(part) ? Number(part) : part));
  return days.every((d) => typeof d === 'number') ? [...new Set(days)].sort((a, b) => a - b) : value;
};

/** The environment as the process receives it; validated once at boot. */
class Environment {
  /** HTTP port of the API and the web app. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  /** The PostgreSQL to use (`postgres://user:pass@host:5432/db`); unset: start the embedded PostgreSQL 18 below. */
  @IsOptional() @IsString()
  DATABASE_URL?: string;

  /** The embedded PostgreSQL's data folder (kept across restarts). */
  @IsOptional() @IsString()
  EMBEDDED_PG_DIR: string = '.data/postgres';

  /** The embedded PostgreSQL's port. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT: number = 54320;

  /** Apply pending migrations at start. */
  @IsOptional() @Transform(toBool) @IsBoolean()
  RUN_MIGRATIONS: boolean = true;

  /**
   * Seed the demo tree, accounts and plans into an empty database (`npm start` sets it to `true`).
   * @default `false` (`true` with `npm start`)
   */
  @IsOptional() @Transform(toBool) @IsBoolean()
  DEMO_DATA: boolean = false;

  /**
   * With DEMO_DATA: record the 2025 reorganisation over the demo tree (docs/reorganisation.md): the
   * district bodies end on 30 June 2025, their open work passes to the wards, communes and provincial
   * bodies after them, and the demo accounts act for those units (docs/demo.md). `false` keeps the
   * pre-2025 tree (the browser flows written for it set this).
   * @default `true`
   */
  @IsOptional() @Transform(toBool) @IsBoolean()
  DEMO_REORGANISATION: boolean = true;

  /**
   * The first admin, created on an empty database (with demo data and no value: `admin`).
   * @default demo: `admin`
   */
  @IsOptional() @IsString() @MinLength(3)
  ADMIN_USERNAME?: string;

  /**
   * The first admin's password (with demo data and no value: `admin-demo-2026`).
   * @default demo: `admin-demo-2026`
   */
  @IsOptional() @IsString() @MinLength(8)
  ADMIN_PASSWORD?: string;

  /**
   * Signs access tokens (HS256): at least 32 characters, random; known placeholders and weak values are refused at boot.
   * @default random per process
   */
  @IsOptional() @IsString() @MinLength(32)
  JWT_SECRET?: string;

  /** Access token lifetime. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(10)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  /** Refresh token lifetime (a week). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(60)
  REFRESH_TTL_SECONDS: number = 7 * 24 * 3600;

  /** The longest a session lasts from its sign-in, however often it is refreshed (then: sign in again). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(60)
  SESSION_MAX_SECONDS: number = 30 * 24 * 3600;

  /**
   * How long (ms) an API process may reuse a caller's roles without reading them again: a backstop
   * only, since a change to an account, its memberships or the unit paths drops the entries at
   * once (in this process) and within milliseconds in others (PostgreSQL LISTEN/NOTIFY). 0: no cache.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  ACTOR_CACHE_TTL_MS: number = 30_000;

  /** Sign-in attempts one address may make at one username per window (a success clears them). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES: number = 5;

  /** The window of LOGIN_MAX_FAILURES, in seconds: the longest a (username, address) pair waits. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_LOCK_SECONDS: number = 300;

  /**
   * Which proxies in front of the API are trusted to say the client's address (X-Forwarded-For),
   * as Fastify's `trustProxy` reads it: `false` (none: the socket's peer is the client), a hop
   * count (`1`), or addresses and subnets (`loopback, 10.0.0.0/8`). `true` trusts any sender of the
   * header: anyone could then pick the address sign-in throttling counts.
   */
  @IsOptional() @IsString() @Matches(/^(true|false|\d{1,2}|[0-9A-Za-z.:/,\s]+)$/)
  TRUST_PROXY: string = 'false';

  /** A unit's implementing plan asks its own units to report this many days before the unit's deadline. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365)
  CHILD_REPORT_LEAD_DAYS: number = 5;

  /** This process runs the job workers, the deadline sweep and notification delivery; `false`: it only enqueues (run another instance with `true`). */
  @IsOptional() @Transform(toBool) @IsBoolean()
  JOBS_ENABLED: boolean = true;

  /** How often an idle worker asks for jobs and the outbox is delivered. */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.5) @Max(60)
  JOBS_POLL_INTERVAL_SECONDS: number = 2;

  /** The deadline sweep's schedule: every N minutes (Vietnam time). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60)
  DEADLINE_SWEEP_MINUTES: number = 5;

  /** Reminders (đôn đốc) to units that have not reported: days before the due date (comma-separated; empty: none). */
  @IsOptional() @Transform(toDays) @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(365, { each: true })
  REMINDER_DAYS_BEFORE: number[] = [3];

  /** … and days after the due date (comma-separated; empty: none). */
  @IsOptional() @Transform(toDays) @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(365, { each: true })
  REMINDER_DAYS_AFTER: number[] = [1, 3];

  /** A plan moves to `reporting` this many days before its report duty's due date. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365)
  REPORT_WINDOW_DAYS: number = 7;

  /** An open assignment due within this many working days (Monday–Friday) shows as `due_soon`. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60)
  DUE_SOON_WORKING_DAYS: number = 3;

  /**
   * Worker threads that render PDFs (`0`: on the event loop).
   * @default half the cores, at least 1
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(64)
  RENDER_THREADS: number = Math.max(1, Math.floor(availableParallelism() / 2));

  /**
   * The built web app served under `/app/`.
   * @default `apps/web/dist`
   */
  @IsOptional() @IsString()
  WEB_DIR?: string;

  /** pino log level. */
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Largest JSON request body (`100kb`, `1mb`, …). */
  @IsOptional() @IsString()
  BODY_LIMIT: string = '1mb';

  /** PKCS#12 file of the installation's signing key: signs the issued plans of units without a key of their own. */
  @IsOptional() @IsString()
  SIGNING_P12?: string;

  /** Folder of `<unit id>.p12` files: an issuing unit's own signing key. */
  @IsOptional() @IsString()
  SIGNING_UNIT_KEYS_DIR?: string;

  /** Password of those PKCS#12 files (never logged). */
  @IsOptional() @IsString()
  SIGNING_P12_PASSWORD?: string;

  /** Comma-separated certificate files (PEM or DER) trusted as roots, e.g. the government specialised CA's root. */
  @IsOptional() @IsString()
  SIGNING_TRUST_ANCHORS?: string;

  /**
   * Demo mode without a configured key: where the demo CA and the issuers' demo certificates are
   * kept (made at the first start, read back afterwards).
   * @default `signing/` beside `EMBEDDED_PG_DIR` (`.data/signing`)
   */
  @IsOptional() @IsString()
  SIGNING_DEMO_DIR?: string;

  /** Deepest nesting of arrays and objects a JSON body may have; checked on the bytes before parsing. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(4) @Max(1000)
  BODY_MAX_DEPTH: number = 32;
  /**
   * Bearer token that `GET /metrics` (Prometheus text) asks of a scraper, on the API's port and on
   * `METRICS_PORT`; at least 32 characters. Unset with no `METRICS_PORT`: no metrics are served.
   * @default none
   */
  @IsOptional() @IsString() @MinLength(32)
  METRICS_TOKEN?: string;

  /**
   * A separate port that serves only `GET /metrics`, on `METRICS_HOST`, for a scraper inside the
   * network; unset: none (metrics only on the API's port, with `METRICS_TOKEN`).
   * @default none
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  METRICS_PORT?: number;

  /** The address `METRICS_PORT` listens on (`0.0.0.0` for every interface). */
  @IsOptional() @IsString()
  METRICS_HOST: string = '127.0.0.1';

  /** The transparency log's name in its checkpoints (C2SP origin): one per installation, e.g. `audit.example.gov.vn/plan-cascade`. */
  @IsOptional() @IsString() @Matches(/^[^\s+]+$/, { message: 'AUDIT_LOG_ORIGIN is one word without spaces or "+", e.g. audit.example.gov.vn/plan-cascade' })
  AUDIT_LOG_ORIGIN: string = 'plan-cascade.invalid/audit-log';

  /**
   * The log's Ed25519 signing key, `PRIVATE+KEY+<origin>+<key id>+<base64>` (Go's sumdb/note format;
   * `npm run audit:keygen` makes one). Unset: a key generated at start (demo only, warned at start).
   * @default none
   */
  @IsOptional() @IsString() @Matches(/^PRIVATE\+KEY\+[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/, { message: 'AUDIT_LOG_SIGNING_KEY is PRIVATE+KEY+<origin>+<key id>+<base64>' })
  AUDIT_LOG_SIGNING_KEY?: string;

  /** Verifier keys (`name+keyid+base64`, comma-separated) of earlier signing keys, still published so old checkpoints verify after a rotation. */
  @IsOptional() @IsString() @Matches(/^\s*([^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*(\s*,\s*|\s*$))*$/, { message: 'AUDIT_LOG_PREVIOUS_KEYS is a comma-separated list of verifier keys name+keyid+base64' })
  AUDIT_LOG_PREVIOUS_KEYS: string = '';

  /** How often, in seconds, the log writer appends committed audit entries to the transparency log. */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.5) @Max(600)
  AUDIT_LOG_INTERVAL_SECONDS: number = 5;
}

export interface AppConfig {
  port: number;
  database: {
    /** Set: use that server. Unset: start the embedded PostgreSQL below. */
    url?: string;
    embedded: { dataDir: string; port: number };
    runMigrations: boolean;
  };
  demoData: boolean;
  demoReorganisation: boolean;
  bootstrapAdmin?: { username: string; password: string };
  /**
   * `generatedSecret`: no JWT_SECRET was configured and `secret` was made for this process only;
   * `npm start` on the embedded database replaces it with the one kept with the embedded data.
   */
  jwt: { secret: string; accessTtlSeconds: number; generatedSecret: boolean };
  refreshTtlSeconds: number;
  /** Absolute session lifetime from sign-in: a refresh never carries a session past it. */
  sessionMaxSeconds: number;
  /** How long the guard may reuse a loaded actor (ms; 0: no cache); see ActorCache. */
  actorCacheTtlMs: number;
  /** Sign-in attempts per (username, address) pair: at most `maxFailures` per `windowSeconds`. */
  loginThrottle: { maxFailures: number; windowSeconds: number };
  /** Express's `trust proxy`: false, a hop count, or a list of trusted proxy addresses/subnets. */
  trustProxy: boolean | number | string;
  /** How many days before its own deadline a unit's implementing plan asks its units to report. */
  childReportLeadDays: number;
  jobs: {
    /** This process runs the job workers, the deadline schedule and outbox delivery (otherwise it only enqueues). */
    enabled: boolean;
    /** How often an idle worker asks the queue for jobs, and the outbox for undelivered messages. */
    pollIntervalSeconds: number;
    /** Every how many minutes the deadline sweep runs (a pg-boss cron schedule). */
    sweepEveryMinutes: number;
  };
  deadlines: {
    /** Reminders (đôn đốc) to units that have not reported: days before the due date, ascending. */
    reminderDaysBefore: number[];
    /** … and days after it, ascending. */
    reminderDaysAfter: number[];
    /** A plan moves to `reporting` this many days before its report duty's due date. */
    reportWindowDays: number;
    /** An open assignment due within this many working days shows as `due_soon`. */
    dueSoonWorkingDays: number;
  };
  /** Worker threads that render PDFs (0: on the event loop). */
  renderThreads: number;
  /** The built web app served under /app/ (unset: apps/web/dist of the repository). */
  webDir?: string;
  logLevel: string;
  bodyLimit: string;
  /** The keys that sign issued plans (PAdES) and the roots their signatures are checked against. */
  signing: {
    /** The installation's PKCS#12 (path). */
    p12Path?: string;
    /** Folder of per-unit `<unit id>.p12` files. */
    unitKeysDir?: string;
    p12Password?: string;
    /** Trusted root certificates (paths). */
    trustAnchorFiles: string[];
    /** Set in demo mode only: the folder of the demo CA, used when no key is configured. */
    demoDir?: string;
  };
  /** Deepest nesting of arrays and objects in a JSON body (BODY_MAX_DEPTH); deeper is a 400 before parsing. */
  bodyMaxDepth: number;
  metrics: {
    /** Bearer token a scraper must send; unset: /metrics on the API's port answers 404. */
    token?: string;
    /** A port of its own for /metrics; unset: none. */
    port?: number;
    host: string;
  };
  auditLog: {
    /** The log's name in its checkpoints (C2SP origin) and its signing key's name: one per installation. */
    origin: string;
    /**
     * The Ed25519 signing key, `PRIVATE+KEY+<origin>+<key id>+<base64(0x01 ‖ seed)>` (Go's
     * sumdb/note format; `npm run audit:keygen` makes one). Unset: on the embedded database, a
     * key made once and kept with its data (`keptIn`); otherwise one generated at start, so
     * checkpoints only verify until the restart (demo use, warned at start).
     */
    signingKey?: string;
    /** Where a key not configured is kept (the embedded data's key file); unset when configured or generated. */
    keptIn?: string;
    /** Verifier keys of earlier signing keys, still published so that old checkpoints verify after rotation. */
    previousKeys: string[];
    /** How often the writer appends committed entries to the log, in seconds. */
    intervalSeconds: number;
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Placeholders seen in compose files, tutorials and our own history. */
const PLACEHOLDER = /change[-_ ]?me|changeit|placeholder|example|your[-_ ]?(jwt[-_ ]?)?secret|secret[-_ ]?key|jwt[-_ ]?secret|insecure|do[-_ ]?not[-_ ]?use|^(password|secret)/i;

/**
 * Why a JWT secret must not be used, or undefined: anyone who can guess it can mint a token
 * for any user id (ids are visible in signatures and audit entries).
 */
export function weakSecretReason(secret: string): string | undefined {
  if (PLACEHOLDER.test(secret)) return 'is a known placeholder';
  if (new Set(secret).size < 12) return 'has fewer than 12 distinct characters';
  for (let unit = 1; unit <= 16; unit++) {
    if (secret.length >= unit * 2 && secret === secret.slice(0, unit).repeat(Math.ceil(secret.length / unit)).slice(0, secret.length)) {
      return 'repeats a short pattern';
    }
  }
  return undefined;
}

function trustProxy(value: string): boolean | number | string {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Demo credentials exist only together with demo data, never in a real deployment. */
export const DEMO_ADMIN = { username: 'admin', password: 'admin-demo-2026' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(Environment, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const weak = parsed.JWT_SECRET === undefined ? undefined : weakSecretReason(parsed.JWT_SECRET);
  if (weak) throw new Error(`Invalid environment:\n  JWT_SECRET ${weak}: set a random value of at least 32 characters (openssl rand -hex 32)`);
  const admin =
    parsed.ADMIN_USERNAME && parsed.ADMIN_PASSWORD
      ? { username: parsed.ADMIN_USERNAME, password: parsed.ADMIN_PASSWORD }
      : parsed.DEMO_DATA
        ? DEMO_ADMIN
        : undefined;
  return {
    port: parsed.PORT,
    database: {
      url: parsed.DATABASE_URL || undefined,
      embedded: { dataDir: parsed.EMBEDDED_PG_DIR, port: parsed.EMBEDDED_PG_PORT },
      runMigrations: parsed.RUN_MIGRATIONS,
    },
    demoData: parsed.DEMO_DATA,
    demoReorganisation: parsed.DEMO_REORGANISATION,
    bootstrapAdmin: admin,
    jwt: {
      // Without a configured secret: one for this process (withEmbeddedJwtSecret keeps one with the embedded data).
      secret: parsed.JWT_SECRET ?? randomBytes(32).toString('hex'),
      generatedSecret: !parsed.JWT_SECRET,
      accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    },
    refreshTtlSeconds: parsed.REFRESH_TTL_SECONDS,
    sessionMaxSeconds: parsed.SESSION_MAX_SECONDS,
    actorCacheTtlMs: parsed.ACTOR_CACHE_TTL_MS,
    loginThrottle: { maxFailures: parsed.LOGIN_MAX_FAILURES, windowSeconds: parsed.LOGIN_LOCK_SECONDS },
    trustProxy: trustProxy(parsed.TRUST_PROXY),
    childReportLeadDays: parsed.CHILD_REPORT_LEAD_DAYS,
    jobs: { enabled: parsed.JOBS_ENABLED, pollIntervalSeconds: parsed.JOBS_POLL_INTERVAL_SECONDS, sweepEveryMinutes: parsed.DEADLINE_SWEEP_MINUTES },
    deadlines: {
      reminderDaysBefore: parsed.REMINDER_DAYS_BEFORE,
      reminderDaysAfter: parsed.REMINDER_DAYS_AFTER,
      reportWindowDays: parsed.REPORT_WINDOW_DAYS,
      dueSoonWorkingDays: parsed.DUE_SOON_WORKING_DAYS,
    },
    renderThreads: parsed.RENDER_THREADS,
    webDir: parsed.WEB_DIR || undefined,
    logLevel: parsed.LOG_LEVEL,
    bodyLimit: parsed.BODY_LIMIT,
    signing: {
      p12Path: parsed.SIGNING_P12 || undefined,
      unitKeysDir: parsed.SIGNING_UNIT_KEYS_DIR || undefined,
      p12Password: parsed.SIGNING_P12_PASSWORD,
      trustAnchorFiles: (parsed.SIGNING_TRUST_ANCHORS ?? '').split(',').map((f) => f.trim()).filter(Boolean),
      demoDir: parsed.DEMO_DATA ? (parsed.SIGNING_DEMO_DIR || join(dirname(parsed.EMBEDDED_PG_DIR), 'signing')) : undefined,
    },
    bodyMaxDepth: parsed.BODY_MAX_DEPTH,
    metrics: { token: parsed.METRICS_TOKEN || undefined, port: parsed.METRICS_PORT, host: parsed.METRICS_HOST },
    auditLog: {
      origin: parsed.AUDIT_LOG_ORIGIN,
      signingKey: parsed.AUDIT_LOG_SIGNING_KEY || undefined,
      previousKeys: parsed.AUDIT_LOG_PREVIOUS_KEYS.split(',').map((k) => k.trim()).filter((k) => k !== ''),
      intervalSeconds: parsed.AUDIT_LOG_INTERVAL_SECONDS,
    },
  };
}
