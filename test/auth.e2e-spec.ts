import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { bearer, ROOT, startTestApp, TestApp } from './support/test-app.js';

describe('accounts and sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The test client connects over loopback and says its address in X-Forwarded-For, as a proxy would.
    t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '120', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const newUser = async (username: string, password = 'a-long-password') => {
    const res = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password, displayName: `Người dùng ${username}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('signs in, shows the user and its memberships, and refuses a bad password', async () => {
    const id = await newUser('officer.one');
    const unit = await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Đảng ủy phường Bồ Đề', shortName: 'ĐU', kind: 'grassroots_committee', parentId: null, symbolStyle: 'party' });
    await t.http.post(`/users/${id}/memberships`).set(bearer(t.rootToken)).send({ unitId: unit.body.id, role: 'unit_officer' }).expect(201);

    const login = await t.http.post('/auth/login').send({ username: 'officer.one', password: 'a-long-password' });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const me = await t.http.get('/auth/me').set(bearer(login.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id,
      username: 'officer.one',
      displayName: 'Người dùng officer.one',
      memberships: [{ role: 'unit_officer', unitId: unit.body.id, unitName: 'Đảng ủy phường Bồ Đề', reachesSubtree: false, state: 'current' }],
    });

    const wrong = await t.http.post('/auth/login').send({ username: 'officer.one', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Invalid username or password' });
    const unknown = await t.http.post('/auth/login').send({ username: 'nobody', password: 'whatever-it-is' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('stores only an argon2id hash of the password', async () => {
    await newUser('hash.check', 'the-password-123');
    const [{ password_hash: hash }] = await t.app.get(DataSource).query(`SELECT password_hash FROM users WHERE username = 'hash.check'`);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('the-password-123');
  });

  it('lets a user without any role see itself but nothing else', async () => {
    await newUser('no.roles');
    const token = await t.login('no.roles', 'a-long-password');
    expect((await t.http.get('/auth/me').set(bearer(token))).body.memberships).toEqual([]);
    const units = await t.http.get('/units').set(bearer(token));
    expect(units.status).toBe(403);
    expect(units.body.code).toBe('FORBIDDEN');
  });

  it('refreshes with a single-use refresh token; reuse ends every session', async () => {
    await newUser('refresher');
    const first = (await t.http.post('/auth/login').send({ username: 'refresher', password: 'a-long-password' })).body;
    const second = await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await t.http.get('/auth/me').set(bearer(second.body.accessToken))).status).toBe(200);

    const replay = await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    // The replay revoked the token that the second refresh issued as well.
    expect((await t.http.post('/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: 'made-up' })).status).toBe(401);
  });

  it('revokes a refresh token on logout', async () => {
    await newUser('leaver');
    const tokens = (await t.http.post('/auth/login').send({ username: 'leaver', password: 'a-long-password' })).body;
    await t.http.post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(401);
  });

  it('refuses missing, malformed, forged and expired access tokens', async () => {
    const jwt = t.app.get(JwtService);
    const { id } = (await t.http.get('/auth/me').set(bearer(t.rootToken))).body;
    const expired = await jwt.signAsync({ sub: id, typ: 'access' }, { expiresIn: -10 });
    const forged = await new JwtService({ secret: 'another-secret-another-secret-another' }).signAsync({ sub: id, typ: 'access' });
    for (const header of [undefined, 'Bearer', 'Bearer not.a.jwt', `Basic ${t.rootToken}`, `Bearer ${expired}`, `Bearer ${forged}`]) {
      const req = t.http.get('/auth/me');
      const res = await (header ? req.set('Authorization', header) : req);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an access token once it expires, though it was accepted (and remembered as verified) before', async () => {
    const { id } = (await t.http.get('/auth/me').set(bearer(t.rootToken))).body;
    const token = await t.app.get(JwtService).signAsync({ sub: id, typ: 'access' }, { expiresIn: 2 });
    expect((await t.http.get('/auth/me').set(bearer(token))).status).toBe(200);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    const res = await t.http.get('/auth/me').set(bearer(token));
    expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  // Issue 20, finding 3: failures counted per account and per address let anyone lock anyone out,
  // refused a whole office's correct passwords, and answered 429 only for names that exist.
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const attempt = (address: string, username: string, password: string) => t.http.post('/auth/login').set(from(address)).send({ username, password });

  it("slows one address's guesses at one account, not the account from elsewhere", async () => {
    await newUser('target');
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7', 'target', 'wrong-wrong')).status).toBe(401);
    const locked = await attempt('203.0.113.7', 'target', 'a-long-password');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(120);
    // The owner, from its own office, is not locked out by someone else's guesses.
    expect((await attempt('198.51.100.20', 'target', 'a-long-password')).status).toBe(200);
    // Other accounts from the guessing address are not affected either.
    expect((await t.http.post('/auth/login').set(from('203.0.113.7')).send(ROOT)).status).toBe(200);
  });

  it('a success clears the pair: a user who mistypes twice is never locked out', async () => {
    await newUser('typo');
    for (let round = 0; round < 4; round++) {
      expect((await attempt('198.51.100.30', 'typo', 'wrong-wrong')).status).toBe(401);
      expect((await attempt('198.51.100.30', 'typo', 'wrong-again')).status).toBe(401);
      expect((await attempt('198.51.100.30', 'typo', 'a-long-password')).status).toBe(200);
    }
  });

  it('answers a name that does not exist exactly as one that does', async () => {
    await newUser('exists');
    const statuses = async (username: string) => {
      const seen: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await attempt('192.0.2.44', username, 'wrong-wrong');
        seen.push([res.status, res.body.message]);
      }
      return seen;
    };
    const known = await statuses('exists');
    expect(known.map(([status]) => status)).toEqual([401, 401, 401, 429, 429, 429]);
    expect(await statuses('does.not.exist')).toEqual(known);
  });

  it("an office behind one address keeps signing in while someone there guesses at many names", async () => {
    await newUser('colleague');
    for (let i = 0; i < 40; i++) expect((await attempt('192.0.2.99', `guess${i}`, 'guess-guess')).status).toBe(401);
    expect((await attempt('192.0.2.99', 'colleague', 'a-long-password')).status).toBe(200);
    expect((await t.http.post('/auth/login').set(from('192.0.2.99')).send(ROOT)).status).toBe(200);
  });

  it('counts concurrent guesses before hashing: no more than the limit are evaluated', async () => {
    await newUser('flooded');
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt('192.0.2.150', 'flooded', 'wrong-wrong')));
    const count = (status: number) => results.filter((r) => r.status === status).length;
    expect([count(401), count(429)]).toEqual([3, 27]);
    const [{ attempts }] = await t.app.get(DataSource).query(`SELECT attempts FROM login_attempts WHERE username = 'flooded'`);
    expect(attempts).toBe(30);
  });

  it('ends a session at its absolute limit, however often it is refreshed', async () => {
    await newUser('long.session');
    const db = t.app.get(DataSource);
    const first = (await t.http.post('/auth/login').send({ username: 'long.session', password: 'a-long-password' })).body;
    const second = (await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    const rows: { started: Date; created: Date }[] = await db.query(
      `SELECT t.session_started_at AS started, t.created_at AS created FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'long.session' ORDER BY t.created_at`,
    );
    // The refresh carried the sign-in time over: it did not start a new session.
    expect(rows).toHaveLength(2);
    expect(rows[1].started.getTime()).toBe(rows[0].started.getTime());
    // 31 days after sign-in (the default limit is 30), a refresh token still within its own lifetime is refused.
    await db.query(`UPDATE refresh_tokens t SET session_started_at = now() - interval '31 days' FROM users u WHERE u.id = t.user_id AND u.username = 'long.session'`);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: second.refreshToken })).status).toBe(401);
  });

  it('lets an admin deactivate an account, reset its password and end its sessions', async () => {
    const id = await newUser('leaving.officer');
    const sign = () => t.http.post('/auth/login').send({ username: 'leaving.officer', password: 'a-long-password' });
    const tokens = (await sign().expect(200)).body;

    const off = await t.http.post(`/users/${id}/deactivate`).set(bearer(t.rootToken));
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await sign()).status).toBe(401);
    expect((await t.http.get('/auth/me').set(bearer(tokens.accessToken))).status).toBe(401);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(401);
    expect((await t.http.post(`/users/${id}/activate`).set(bearer(t.rootToken))).body.active).toBe(true);
    const again = (await sign().expect(200)).body;

    await t.http.post(`/users/${id}/password`).set(bearer(t.rootToken)).send({ password: 'a-new-long-password' }).expect(204);
    expect((await sign()).status).toBe(401);
    expect((await t.http.post('/auth/login').send({ username: 'leaving.officer', password: 'a-new-long-password' })).status).toBe(200);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: again.refreshToken })).status).toBe(401);
    expect((await t.http.post(`/users/${id}/password`).set(bearer(t.rootToken)).send({ password: 'short' })).status).toBe(400);

    const session = (await t.http.post('/auth/login').send({ username: 'leaving.officer', password: 'a-new-long-password' })).body;
    await t.http.delete(`/users/${id}/sessions`).set(bearer(t.rootToken)).expect(204);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);

    const self = (await t.http.get('/auth/me').set(bearer(t.rootToken))).body.id;
    expect((await t.http.post(`/users/${self}/deactivate`).set(bearer(t.rootToken))).status).toBe(409);
    expect((await t.http.post(`/users/${self.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'))}/deactivate`).set(bearer(t.rootToken))).status).toBe(404);
  });

  it("keeps a caller's X-Request-Id only when it is sane", async () => {
    const hostile = `<script>${'x'.repeat(300)}</script>`;
    const res = await t.http.get('/auth/me').set(bearer(t.rootToken)).set('X-Request-Id', hostile);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const sane = await t.http.get('/auth/me').set(bearer(t.rootToken)).set('X-Request-Id', 'gateway-42:abc');
    expect(sane.headers['x-request-id']).toBe('gateway-42:abc');
  });

  it('refuses a taken username and a weak password', async () => {
    await newUser('taken');
    const again = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'TAKEN', password: 'a-long-password', displayName: 'x' });
    expect(again.status).toBe(409);
    const weak = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'weak', password: 'short', displayName: 'x' });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].field).toBe('password');
  });
});
