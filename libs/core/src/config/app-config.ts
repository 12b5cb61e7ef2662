import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  EMBEDDED_PG_DIR: string = '.data/postgres';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT: number = 54320;

  @IsOptional() @Transform(toBool) @IsBoolean()
  RUN_MIGRATIONS: boolean = true;

  @IsOptional() @Transform(toBool) @IsBoolean()
  DEMO_DATA: boolean = false;

  @IsOptional() @IsString() @MinLength(3)
  ADMIN_USERNAME?: string;

  @IsOptional() @IsString() @MinLength(8)
  ADMIN_PASSWORD?: string;

  /** Signs access tokens (HS256): at least 32 characters, random; known placeholders and weak values are refused at boot. */
  @IsOptional() @IsString() @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(10)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsOptional() @Type(() => Number) @IsInt() @Min(60)
  REFRESH_TTL_SECONDS: number = 7 * 24 * 3600;

  /** The longest a session lasts from its sign-in, however often it is refreshed (then: sign in again). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(60)
  SESSION_MAX_SECONDS: number = 30 * 24 * 3600;

  /** Sign-in attempts one address may make at one username per window (a success clears them). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES: number = 5;

  /** The window of LOGIN_MAX_FAILURES, in seconds: the longest a (username, address) pair waits. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_LOCK_SECONDS: number = 300;

  /**
   * Which proxies in front of the API are trusted to say the client's address (X-Forwarded-For),
   * as Express's `trust proxy` reads it: `false` (none: the socket's peer is the client), a hop
   * count (`1`), or addresses and subnets (`loopback, 10.0.0.0/8`). `true` trusts any sender of the
   * header: anyone could then pick the address sign-in throttling counts.
   */
  @IsOptional() @IsString() @Matches(/^(true|false|\d{1,2}|[0-9A-Za-z.:/,\s]+)$/)
  TRUST_PROXY: string = 'false';

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365)
  CHILD_REPORT_LEAD_DAYS: number = 5;

  @IsOptional() @Transform(toBool) @IsBoolean()
  JOBS_ENABLED: boolean = true;

  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.5) @Max(60)
  JOBS_POLL_INTERVAL_SECONDS: number = 2;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60)
  DEADLINE_SWEEP_MINUTES: number = 5;

  @IsOptional() @Transform(toDays) @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(365, { each: true })
  REMINDER_DAYS_BEFORE: number[] = [3];

  @IsOptional() @Transform(toDays) @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(365, { each: true })
  REMINDER_DAYS_AFTER: number[] = [1, 3];

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365)
  REPORT_WINDOW_DAYS: number = 7;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60)
  DUE_SOON_WORKING_DAYS: number = 3;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(64)
  RENDER_THREADS: number = Math.max(1, Math.floor(availableParallelism() / 2));

  @IsOptional() @IsString()
  WEB_DIR?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional() @IsString()
  BODY_LIMIT: string = '1mb';
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
  bootstrapAdmin?: { username: string; password: string };
  jwt: { secret: string; accessTtlSeconds: number; generatedSecret: boolean };
  refreshTtlSeconds: number;
  /** Absolute session lifetime from sign-in: a refresh never carries a session past it. */
  sessionMaxSeconds: number;
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
    bootstrapAdmin: admin,
    jwt: {
      // Without a configured secret, tokens are valid only until the process restarts.
      secret: parsed.JWT_SECRET ?? randomBytes(32).toString('hex'),
      generatedSecret: !parsed.JWT_SECRET,
      accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    },
    refreshTtlSeconds: parsed.REFRESH_TTL_SECONDS,
    sessionMaxSeconds: parsed.SESSION_MAX_SECONDS,
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
  };
}
