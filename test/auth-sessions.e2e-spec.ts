import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { UsersService } from '@app/auth';
import { loadConfig, withEmbeddedJwtSecret } from '@app/core';
import { createApp } from '../apps/api/src/create-app.js';
import { bearer, ROOT, startTestApp, TestApp } from './support/test-app.js';
import { createTestDatabase } from './support/test-database.js';

/** The `pc_refresh=…` pair of a Set-Cookie answer, and the cookie's attributes. */
function refreshCookie(res: request.Response): { pair: string; attributes: string[] } {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pc_refresh='));
  if (!header) throw new Error(`no pc_refresh cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  return { pair, attributes };
}

describe('browser sessions: the refresh token in an httpOnly cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cookieLogin = () => t.http.post('/auth/login').send({ ...ROOT, refreshTokenIn: 'cookie' });

  it('puts the refresh token into an httpOnly, SameSite=Strict cookie for the refresh path only, and not into the answer', async () => {
    const login = await cookieLogin().expect(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const { pair, attributes } = refreshCookie(login);
    expect(pair).toMatch(/^pc_refresh=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/auth/refresh', 'HttpOnly', 'SameSite=Strict', expect.stringMatching(/^Max-Age=604800$/)]));
    // http://127.0.0.1 is a developer's machine: no Secure, or the browser would drop the cookie.
    expect(attributes).not.toContain('Secure');
    const remote = await cookieLogin().set('Host', 'kehoach.example.gov.vn').expect(200);
    expect(refreshCookie(remote).attributes).toContain('Secure');
    await t.http.get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
  });

  it('refreshes by the cookie alone, single use: a replayed cookie ends the session and clears the cookie', async () => {
    const first = refreshCookie(await cookieLogin().expect(200)).pair;
    const refreshed = await t.http.post('/auth/refresh').set('Cookie', first).send({}).expect(200);
    expect(refreshed.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const second = refreshCookie(refreshed).pair;
    expect(second).not.toBe(first);
    const replay = await t.http.post('/auth/refresh').set('Cookie', first).send({});
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('UNAUTHENTICATED');
    expect(refreshCookie(replay).pair).toBe('pc_refresh=');
    // The replay revoked the newer token too.
    expect((await t.http.post('/auth/refresh').set('Cookie', second).send({})).status).toBe(401);
  });

  it('answers a refresh with neither a token nor a cookie with 401, and keeps the body contract for API clients', async () => {
    const none = await t.http.post('/auth/refresh').send({});
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const bad = await t.http.post('/auth/refresh').send({ refreshToken: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const wrongWay = await t.http.post('/auth/login').send({ ...ROOT, refreshTokenIn: 'localStorage' });
    expect(wrongWay.status).toBe(400);
    const body = await t.http.post('/auth/login').send(ROOT).expect(200);
    expect(body.headers['set-cookie']).toBeUndefined();
    const next = await t.http.post('/auth/refresh').send({ refreshToken: body.body.refreshToken }).expect(200);
    expect(next.body.refreshToken).toEqual(expect.any(String));
    expect(next.headers['set-cookie']).toBeUndefined();
  });

  it('signs out by DELETE /auth/refresh: the token is revoked and the cookie cleared', async () => {
    const pair = refreshCookie(await cookieLogin().expect(200)).pair;
    const out = await t.http.delete('/auth/refresh').set('Cookie', pair).expect(204);
    expect(refreshCookie(out).pair).toBe('pc_refresh=');
    expect((await t.http.post('/auth/refresh').set('Cookie', pair).send({})).status).toBe(401);
    await t.http.delete('/auth/refresh').expect(204);
  });

  it('sends security headers on the API, Swagger UI and the web app', async () => {
    for (const path of ['/health', '/docs', '/app/']) {
      const res = await t.http.get(path);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
    // Swagger UI runs under that policy only if its page has no inline script.
    const docs = await t.http.get('/docs').expect(200);
    expect(docs.text).toContain('swagger-ui-init.js');
    expect(docs.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
  });
});

describe('sessions survive a restart', () => {
  it('without JWT_SECRET, a second server on the kept secret accepts the first one\'s tokens and cookie', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pc-embedded-'));
    const db = await createTestDatabase();
    const start = async () => {
      // What `npm start` does on the embedded database: no JWT_SECRET, the secret kept in its data directory.
      const config = withEmbeddedJwtSecret(loadConfig({ EMBEDDED_PG_DIR: dataDir, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JOBS_ENABLED: 'false' }));
      const app = await createApp(config, db.url);
      await app.init();
      return app;
    };
    try {
      const first = await start();
      await first.get(UsersService).bootstrapAdmin(ROOT.username, ROOT.password);
      const login = await request(first.getHttpServer()).post('/auth/login').send({ ...ROOT, refreshTokenIn: 'cookie' }).expect(200);
      await first.close();

      const second = await start();
      try {
        await request(second.getHttpServer()).get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
        await request(second.getHttpServer()).post('/auth/refresh').set('Cookie', refreshCookie(login).pair).send({}).expect(200);
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
