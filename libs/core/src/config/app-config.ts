import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

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

  @IsOptional() @IsString() @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(10)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsOptional() @Type(() => Number) @IsInt() @Min(60)
  REFRESH_TTL_SECONDS: number = 7 * 24 * 3600;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES: number = 5;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_LOCK_SECONDS: number = 300;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS: number = 100;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  LOGIN_ADDRESS_WINDOW_SECONDS: number = 900;

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
  /**
   * `generatedSecret`: no JWT_SECRET was configured and `secret` was made for this process only;
   * `npm start` on the embedded database replaces it with the one kept with the embedded data.
   */
  jwt: { secret: string; accessTtlSeconds: number; generatedSecret: boolean };
  refreshTtlSeconds: number;
  loginThrottle: {
    maxFailuresPerAccount: number;
    lockSeconds: number;
    maxFailuresPerAddress: number;
    addressWindowSeconds: number;
  };
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

/** Demo credentials exist only together with demo data, never in a real deployment. */
export const DEMO_ADMIN = { username: 'admin', password: 'admin-demo-2026' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(Environment, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
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
      // Without a configured secret: one for this process (withEmbeddedJwtSecret keeps one with the embedded data).
      secret: parsed.JWT_SECRET ?? randomBytes(32).toString('hex'),
      generatedSecret: !parsed.JWT_SECRET,
      accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    },
    refreshTtlSeconds: parsed.REFRESH_TTL_SECONDS,
    loginThrottle: {
      maxFailuresPerAccount: parsed.LOGIN_MAX_FAILURES,
      lockSeconds: parsed.LOGIN_LOCK_SECONDS,
      maxFailuresPerAddress: parsed.LOGIN_MAX_FAILURES_PER_ADDRESS,
      addressWindowSeconds: parsed.LOGIN_ADDRESS_WINDOW_SECONDS,
    },
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
