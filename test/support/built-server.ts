import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');

/**
 * The server compiled as `npm run build` compiles it (swc, the same .swcrc), into a folder of its
 * own inside the repository (so node_modules resolve) that `remove` deletes: a test that runs the
 * real process never depends on, or overwrites, someone's dist/.
 */
export function buildServer(): { main: string; remove(): void } {
  const out = mkdtempSync(join(REPO, '.server-build-'));
  execFileSync(join(REPO, 'node_modules/.bin/swc'), ['apps/api', 'libs', 'migrations', '-d', out, '--config-file', '.swcrc', '-q'], { cwd: REPO });
  return { main: join(out, 'apps', 'api', 'src', 'main.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

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

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
  /** An embedded PostgreSQL's folder, removed by `cleanup`. */
  dataDir: string;
  cleanup(): void;
}

/**
 * Starts the built server on a free port with an embedded PostgreSQL of its own in a temporary
 * folder (DATABASE_URL is left out), and waits for its banner and a healthy /health.
 */
export async function spawnServer(main: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const parent = mkdtempSync(join(tmpdir(), 'pc-server-'));
  // Run as root, PostgreSQL drops to a `postgres` user that must be able to enter the folder.
  chmodSync(parent, 0o755);
  const dataDir = join(parent, 'data');
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: REPO,
    env: {
      ...inherited,
      PORT: String(port),
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      JWT_SECRET: 'server-test-secret-that-is-long-enough-0123',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const cleanup = () => rmSync(parent, { recursive: true, force: true });
  const until = Date.now() + 120_000;
  while (!(output.includes('Swagger UI') && (await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      cleanup();
      throw new Error(`The server did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, baseUrl, output: () => output, exited, dataDir, cleanup };
}

/** The JSON log lines (pino) of the output; other lines (the banner) are left out. */
export function logLines(output: string): { level: number; msg?: string; context?: string; [key: string]: unknown }[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg?: string });
}
