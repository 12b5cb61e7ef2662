import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const REPO = resolve(import.meta.dirname, '..', '..', '..', '..');
const MAIN = join(REPO, 'dist', 'apps', 'api', 'src', 'main.js');
const WEB = join(REPO, 'apps', 'web', 'dist', 'index.html');
export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface RunningApi {
  baseUrl: string;
  /** The API's database, for a flow that must change what the API cannot (a tampered audit row). */
  databaseUrl: string;
  /** Where the server keeps its demo CA and the demo signing keys (a temporary folder). */
  signingDir: string;
  /** Everything the server printed so far (its log lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The demo signing keys never reach a log line: the server's whole output holds neither the
 * PKCS#12 password nor any key file's bytes (hex or base64), and it did say that it signs with
 * a demo CA. Read after the flows, when every ISSUE has been signed.
 */
export function assertNoSigningSecretsInLogs(api: RunningApi): void {
  const output = api.output();
  if (!output.includes('DEMO signing keys')) throw new Error('The server did not say that it signs with a demo CA');
  const password = readFileSync(join(api.signingDir, 'password'), 'utf8').trim();
  const units = join(api.signingDir, 'units');
  const files = [join(api.signingDir, 'demo-ca.p12'), ...(existsSync(units) ? readdirSync(units).map((f) => join(units, f)) : [])];
  const secrets = [password, ...files.flatMap((f) => [readFileSync(f).toString('base64').slice(100, 160), readFileSync(f).toString('hex').slice(200, 320)])];
  const leaked = secrets.filter((secret) => output.includes(secret));
  if (leaked.length) throw new Error(`${leaked.length} signing secret(s) found in the server's log`);
}

/**
 * The built API (`npm run build`, with the built web app) as `npm start` runs it, with demo data,
 * on a free port and a throw-away database: a new database on DATABASE_URL's server, or an
 * embedded PostgreSQL in a temporary folder. Stops everything it started. `env` overrides its
 * configuration, e.g. `DEMO_REORGANISATION` (see global-setup.ts).
 */
export async function startApi(options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunningApi> {
  for (const file of [MAIN, WEB]) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run e2e -w apps/web\`, which builds first`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DEMO_DATA: 'true',
    JWT_SECRET,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    JOBS_POLL_INTERVAL_SECONDS: '0.5',
    // The monitor's flow waits for the deadline sweep to flag past-due assignments.
    DEADLINE_SWEEP_MINUTES: '1',
    ...options.env,
  };
  // The demo CA and the issuers' demo keys: thrown away with the run, never in the repository's .data.
  const signingParent = mkdtempSync(join(tmpdir(), 'pc-e2e-keys-'));
  env.SIGNING_DEMO_DIR = join(signingParent, 'signing');
  let cleanup: () => Promise<void>;
  let databaseUrl: string;
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `pc_e2e_${randomBytes(4).toString('hex')}`;
    await onServer(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    databaseUrl = env.DATABASE_URL;
    cleanup = () => onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const parent = mkdtempSync(join(tmpdir(), 'pc-e2e-pg-'));
    // Run as root, PostgreSQL drops to a `postgres` user that must be able to enter the folder.
    chmodSync(parent, 0o755);
    env.EMBEDDED_PG_DIR = join(parent, 'data');
    env.EMBEDDED_PG_PORT = String(await freePort());
    // main.ts makes this database on the embedded server (user and password as it starts it).
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/plan_cascade`;
    cleanup = async () => rmSync(parent, { recursive: true, force: true });
  }
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, () => output);
  } catch (error) {
    await stopChild(child);
    await cleanup();
    throw error;
  }
  return {
    baseUrl,
    databaseUrl,
    signingDir: env.SIGNING_DEMO_DIR,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      await cleanup();
      rmSync(signingParent, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}):\n${output().slice(-4000)}`);
    // The banner is printed once the demo data is in and the server listens.
    if (output().includes('Swagger UI')) {
      const res = await fetch(`${baseUrl}/health`).catch(() => null);
      if (res?.ok) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API did not start in 180 s:\n${output().slice(-4000)}`);
}

/** SIGTERM lets main.ts close the API and then the embedded PostgreSQL under it. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
