import type { Server } from 'node:http';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

/** A GET as the wire carries it: the body not decoded, whatever its encoding. */
function rawGet(server: Server, path: string, headers: Record<string, string> = {}): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** What every client may rely on: one error shape, request ids, health, the OpenAPI document. */
describe('HTTP contract', () => {
  let t: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT: '2kb' } });
    auth = bearer(t.rootToken);
  });
  afterAll(() => t.close());

  const expectError = (res: { status: number; body: Record<string, unknown>; text: string }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    expect(Object.keys(res.body).every((k) => ['statusCode', 'code', 'message', 'details'].includes(k))).toBe(true);
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  };

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http.post('/units').set(auth).set('Content-Type', 'application/json').send('{"name": "x",');
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('lists every bad field, with wrong types and unknown fields', async () => {
    const res = await t.http.post('/units').set(auth).send({ name: 7, shortName: ['x'], kind: null, symbolStyle: 'party', parentId: null, colour: 'red' });
    expectError(res, 400, 'VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'shortName', 'kind', 'colour']));
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.http.post('/units').set(auth).send({ name: 'x'.repeat(5000) });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers bad UUIDs, unknown routes and a body that is not JSON with 4xx', async () => {
    expectError(await t.http.get('/units/123').set(auth), 400, 'VALIDATION_FAILED');
    expectError(await t.http.delete('/users/abc/memberships/def').set(auth), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/no-such-route').set(auth), 404, 'NOT_FOUND');
    expectError(await t.http.post('/units').set(auth).set('Content-Type', 'text/plain').send('name=x'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await t.http.get('/units?limit=0').set(auth), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/units?limit=abc').set(auth), 400, 'VALIDATION_FAILED');
  });

  it('returns a request id on every response and keeps a sane one the caller sent', async () => {
    const generated = await t.http.get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http.get('/health').set('X-Request-Id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await t.http.get('/health').set('X-Request-Id', 'a b <script>');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const onError = await t.http.get('/units');
    expect(onError.status).toBe(401);
    expect(onError.headers['x-request-id']).toBeDefined();
  });

  it('reports health with the database check', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('describes every route, its permission and its errors in OpenAPI', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { description?: string; responses: Record<string, unknown>; security?: unknown }>>;
    for (const path of ['/auth/login', '/auth/refresh', '/auth/me', '/units', '/units/{id}', '/units/{id}/move', '/units/{id}/children',
      '/units/{id}/ancestors', '/units/{id}/subtree', '/users', '/users/{id}/memberships', '/users/{id}/memberships/{membershipId}', '/health']) {
      expect(Object.keys(paths)).toContain(path);
    }
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect([method, path, op.description]).toEqual([method, path, expect.stringMatching(/^(Public\.|Permission `)/)]);
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        expect([method, path, success.length]).toEqual([method, path, 1]);
        const [status, response] = success[0] as [string, { content?: unknown }];
        if (status !== '204') expect([method, path, response.content]).toEqual([method, path, expect.anything()]);
        if (!op.description?.startsWith('Public.')) expect([method, path, op.responses['401']]).toEqual([method, path, expect.anything()]);
      }
    }
    expect(paths['/units'].post.responses['409']).toBeDefined();
    expect(res.body.components.schemas.ErrorCode.enum).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT']));
    expect((await t.http.get('/docs')).status).toBe(200);
  });

  it('gzips a large JSON response for a client that asks, and sends it as it is to one that does not', async () => {
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const plain = await rawGet(server, '/docs-json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(50_000);
    const identity = await rawGet(server, '/docs-json', { 'Accept-Encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(plain.body)).toBe(true);

    const gzipped = await rawGet(server, '/docs-json', { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    // A browser offers brotli too, which the middleware prefers.
    const browser = await rawGet(server, '/docs-json', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(browser.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(browser.body).equals(plain.body)).toBe(true);

    // Under the threshold (1 KB) compressing costs more than it saves.
    const small = await rawGet(server, '/health', { 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toMatchObject({ status: 'ok' });
  });
});
