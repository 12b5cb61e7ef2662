import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/test-app.js';

const ICON = Buffer.from([0, 0, 1, 0, 1, 0]);
const REPO_PUBLIC = join(import.meta.dirname, '..', '..', 'apps', 'web', 'public');

describe('the web app served under /app/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-web-'));
  let t: TestApp;
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kế hoạch</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.ico'), ICON);
    writeFileSync(join(dir, 'manifest.webmanifest'), JSON.stringify({ name: 'Kế hoạch', icons: [] }));
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

  it('answers /favicon.ico at the root with the web app\'s icon, and serves the manifest', async () => {
    const icon = await t.http.get('/favicon.ico').buffer(true).expect(200);
    expect(icon.headers['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(Buffer.compare(icon.body as Buffer, ICON)).toBe(0);
    const manifest = await t.http.get('/app/manifest.webmanifest').expect(200);
    expect(manifest.headers['content-type']).toMatch(/application\/manifest\+json/);
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

  it('has no icon to give: /favicon.ico is the usual 404', async () => {
    const res = await t.http.get('/favicon.ico').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('says how to build it', async () => {
    const res = await t.http.get('/app/').expect(404);
    expect(res.body.message).toContain('npm run build -w apps/web');
  });
});

describe('the committed icons and manifest (apps/web/public)', () => {
  it('name the app, its theme colour and icons that exist, and the favicon is an ICO', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_PUBLIC, 'manifest.webmanifest'), 'utf8')) as {
      name: string;
      short_name: string;
      theme_color: string;
      start_url: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest).toMatchObject({ short_name: 'Kế hoạch', theme_color: '#1971c2', start_url: '/app/' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const bytes = readFileSync(join(REPO_PUBLIC, icon.src.replace(/^\/app\//, '')));
      if (icon.type === 'image/png') {
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
        expect(`${w}x${h}`).toBe(icon.sizes);
      }
    }
    const ico = readFileSync(join(REPO_PUBLIC, 'favicon.ico'));
    // ICONDIR: reserved 0, type 1 (icon), then at least one image.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThan(0);
  });
});
