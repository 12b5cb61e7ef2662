/** The BUILT API server (dist/apps/api/src/main.js) as a child process, as `npm run start:prod` runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  /** The last lines the server wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** SIGTERM, wait for the exit (SIGKILL after `graceMs`); idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface ApiOptions {
  databaseUrl: string;
  port: number;
  env: Record<string, string>;
  /** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
  /** Another build's main.js (an A/B baseline); dist/apps/api/src/main.js by default. */
  main?: string;
  bootTimeoutMs?: number;
}

const MAIN = resolve('dist/apps/api/src/main.js');

export async function startApi(options: ApiOptions): Promise<ApiProcess> {
  const main = options.main ? resolve(options.main) : MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      done();
    }),
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const tail = () => lines.slice(-40).join('\n');

  const stop = async (graceMs = 10_000) => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.bootTimeoutMs ?? 90_000);
  for (;;) {
    if (exited) throw new Error(`The API exited during boot (code ${exited.code}, signal ${exited.signal}):\n${tail()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API did not answer GET /health within the boot timeout:\n${tail()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, pid: child.pid!, tail, stop };
}
