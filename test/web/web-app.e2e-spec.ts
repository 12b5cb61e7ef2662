import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('the web app served under /app/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-web-'));
  let t: TestApp;
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kế hoạch</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await startTestApp({ env: { WEB_DIR: dir } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends / to /app/', async () => {
    const res = await t.http.get('/').expect(302);
    expect(res.headers.location).toBe('/app/');
  });

  it('answers a client route with index.html, never cached, so a bookmarked view opens', async () => {
    for (const path of ['/app/', '/app/secretary?tab=returned', '/app/plans/0b6c9d4e-0000-4000-8000-000000000000']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('sends /app to /app/', async () => {
    const res = await t.http.get('/app').expect(301);
    expect(res.headers.location).toBe('/app/');
  });

  it('serves hashed assets for good, and a missing file is a 404 in the API\'s error shape', async () => {
    const asset = await t.http.get('/app/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.http.get('/app/assets/nope.js').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('leaves the API\'s paths alone', async () => {
    const res = await t.http.get('/plans').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await t.http.get('/health').expect(200);
  });
});

describe('the web app when it is not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WEB_DIR: join(tmpdir(), 'pc-web-does-not-exist') } });
  });
  afterAll(() => t.close());

  it('says how to build it', async () => {
    const res = await t.http.get('/app/').expect(404);
    expect(res.body.message).toContain('npm run build -w apps/web');
  });
});
