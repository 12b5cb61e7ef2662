import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { buildServer, logLines, spawnServer, type ServerProcess } from './support/built-server.js';

const ADMIN = { username: 'shutdown.admin', password: 'shutdown-password-1' };

/** Resolves with everything the server sends on `socket` until it closes the connection. */
function responseOf(socket: Socket): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.once('error', fail);
    socket.once('close', () => done(text));
  });
}

/**
 * SIGTERM to the built server (as `npm start` runs it, on its embedded PostgreSQL, job workers on):
 * it stops accepting connections, answers the request in flight, stops the job queue, then the
 * database, and exits 0 with no error-level log line.
 */
describe('clean shutdown on SIGTERM', () => {
  let build: ReturnType<typeof buildServer>;
  let server: ServerProcess;

  beforeAll(async () => {
    build = buildServer();
    server = await spawnServer(build.main, {
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JOBS_ENABLED: 'true',
      JOBS_POLL_INTERVAL_SECONDS: '0.5',
      DEADLINE_SWEEP_MINUTES: '1',
      RENDER_THREADS: '1',
    });
  }, 180_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server?.cleanup();
    build?.remove();
  });

  // First: the next test stops the server.
  it('logs each request once, under its id, with the credentials redacted', async () => {
    const res = await fetch(`${server.baseUrl}/auth/me?page=2`, {
      headers: { authorization: 'Bearer not-a-token', cookie: 'refresh=secret', 'x-request-id': 'log-check-1' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('log-check-1');
    const ofRequest = () => logLines(server.output()).filter((line) => (line.req as { id?: string } | undefined)?.id === 'log-check-1');
    const until = Date.now() + 5_000;
    while (ofRequest().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(ofRequest()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: expect.objectContaining({
          id: 'log-check-1',
          method: 'GET',
          url: '/auth/me?page=2',
          query: { page: '2' },
          headers: expect.objectContaining({ authorization: '[Redacted]', cookie: '[Redacted]' }),
        }),
        res: expect.objectContaining({ statusCode: 401 }),
      }),
    ]);
  });

  it('finishes the request in flight, refuses new ones, stops the queue and then the database, and logs no error', async () => {
    const { port } = new URL(server.baseUrl);
    // A sign-in whose body is still arriving when SIGTERM comes: in flight in the application. With
    // `Expect: 100-continue` the server says when it has read the headers, so SIGTERM surely comes after.
    const body = JSON.stringify(ADMIN);
    const socket = connect(Number(port), '127.0.0.1');
    const response = responseOf(socket);
    const headersRead = new Promise<void>((done) => socket.on('data', (chunk: Buffer) => chunk.toString().startsWith('HTTP/1.1 100') && done()));
    await new Promise<void>((done) => socket.once('connect', () => done()));
    socket.write(
      `POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    await headersRead;
    socket.write(body.slice(0, 10));

    server.child.kill('SIGTERM');
    const until = Date.now() + 10_000;
    while (!server.output().includes('SIGTERM: stopping') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    // No longer accepting: a new connection is refused while the old one is still being served.
    await expect(fetch(`${server.baseUrl}/health`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();

    socket.write(body.slice(10));
    const raw = (await response).replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''))).toHaveProperty('accessToken');

    expect(await server.exited).toBe(0);
    const lines = logLines(server.output());
    const errors = lines.filter((line) => line.level >= 50);
    expect(errors).toEqual([]);
    expect(server.output()).not.toMatch(/terminating connection|Shutdown failed|Error:/);

    // In order: stop accepting, the job queue, the embedded database, done.
    const at = (msg: string) => lines.findIndex((line) => line.msg === msg);
    const steps = ['SIGTERM: stopping', 'Job queue stopped', 'Embedded PostgreSQL stopped', 'Stopped'].map(at);
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // The request was answered after the stop began and before the queue stopped.
    const answered = lines.findIndex((line) => (line.req as { url?: string } | undefined)?.url === '/auth/login');
    expect(answered).toBeGreaterThan(steps[0]!);
    expect(answered).toBeLessThan(steps[1]!);
    // PostgreSQL removed its pid file: it stopped, it was not left behind.
    expect(existsSync(join(server.dataDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
