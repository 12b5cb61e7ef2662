import pg from 'pg';
import { DataSource } from 'typeorm';
import { ACTOR_LISTENER_NAME, ActorCache } from '@app/org';
import { createTestDatabase, TestDatabase } from './support/test-database.js';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

/**
 * The guard's per-process actor cache (ActorCache): two API instances on one database stand for
 * two processes, each with its own cache and LISTEN connection.
 */
describe('the actor cache', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let sql: pg.Client;

  const until = async (what: string, check: () => Promise<boolean>, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const listening = (t: TestApp) => until('the LISTEN connection', async () => t.app.get(ActorCache).active);

  beforeAll(async () => {
    db = await createTestDatabase();
    // A long TTL: only invalidation can make a change visible within these tests.
    const env = { ACTOR_CACHE_TTL_MS: '600000' };
    a = await startTestApp({ database: db, env });
    b = await startTestApp({ database: db, env });
    await Promise.all([listening(a), listening(b)]);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  let n = 0;
  /** A user with unit_officer at a fresh unit (granted through A), signed in; its /units request is cached in B. */
  const officer = async () => {
    n++;
    const unit = await a.http.post('/units').set(bearer(a.rootToken)).send({ name: `Đơn vị ${n}`, shortName: `ĐV${n}`, kind: 'grassroots_committee', parentId: null, symbolStyle: 'party' });
    const user = await a.http.post('/users').set(bearer(a.rootToken)).send({ username: `cached.${n}`, password: 'a-long-password', displayName: `Cán bộ ${n}` });
    const membership = await a.http.post(`/users/${user.body.id}/memberships`).set(bearer(a.rootToken)).send({ unitId: unit.body.id, role: 'unit_officer' });
    expect([unit.status, user.status, membership.status]).toEqual([201, 201, 201]);
    const token = await b.login(`cached.${n}`, 'a-long-password');
    expect((await b.http.get(`/units/${unit.body.id}`).set(bearer(token))).status).toBe(200);
    expect((await a.http.get(`/units/${unit.body.id}`).set(bearer(token))).status).toBe(200);
    return { userId: user.body.id as string, unitId: unit.body.id as string, membershipId: membership.body.id as string, token };
  };

  it('sees a membership revoked in another process within milliseconds, and in its own at once', async () => {
    const { userId, unitId, membershipId, token } = await officer();
    await a.http.delete(`/users/${userId}/memberships/${membershipId}`).set(bearer(a.rootToken)).expect(204);
    // The process that revoked: the very next request.
    expect((await a.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(403);
    // The other process: as soon as the notification lands.
    const started = Date.now();
    await until('B to refuse', async () => (await b.http.get(`/units/${unitId}`).set(bearer(token))).status === 403, 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('sees an account deactivated in another process', async () => {
    const { userId, unitId, token } = await officer();
    await a.http.post(`/users/${userId}/deactivate`).set(bearer(a.rootToken)).expect(200);
    expect((await a.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(401);
    await until('B to refuse', async () => (await b.http.get(`/units/${unitId}`).set(bearer(token))).status === 401, 2_000);
  });

  it('sees a change made by anyone in SQL (the triggers), and a unit moved (all entries)', async () => {
    const { userId, unitId, token } = await officer();
    await sql.query(`UPDATE users SET display_name = 'Tên mới' WHERE id = $1`, [userId]);
    await until('B to show the new name', async () => (await b.http.get('/auth/me').set(bearer(token))).body.displayName === 'Tên mới', 2_000);
    // A unit moved under another: the officer's path changed, so its role no longer reaches the old place.
    const parent = await a.http.post('/units').set(bearer(a.rootToken)).send({ name: 'Cấp trên', shortName: 'CT', kind: 'grassroots_committee', parentId: null, symbolStyle: 'party' });
    const [{ path: before }] = (await sql.query(`SELECT path::text FROM units WHERE id = $1`, [unitId])).rows;
    await sql.query(`UPDATE units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), parent_id = $3 WHERE path <@ $1::ltree`, [before, (await sql.query(`SELECT path::text FROM units WHERE id = $1`, [parent.body.id])).rows[0].path, parent.body.id]);
    await until('B to drop every entry', async () => {
      const actor = await b.app.get(ActorCache).get(userId, async () => undefined);
      return actor?.memberships[0]?.unitPath !== before;
    }, 2_000);
  });

  it('caches (a change the triggers do not announce stays unseen), and starts empty when its connection comes back', async () => {
    const { userId, unitId, token } = await officer();
    // Behind the triggers' back (replica mode fires no triggers): B keeps answering from its cache.
    await sql.query(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM memberships WHERE user_id = '${userId}'; COMMIT`);
    expect((await b.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(200);
    // B's LISTEN connection is cut: B stops caching at once and reconnects with an empty cache.
    const killed = await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [ACTOR_LISTENER_NAME],
    );
    expect(killed.rowCount).toBe(2);
    await until('B to notice', async () => !b.app.get(ActorCache).active, 2_000);
    expect((await b.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(403);
    await Promise.all([listening(a), listening(b)]);
    expect((await b.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(403);
    expect((await a.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(403);
    // And after the reconnection, notifications arrive again.
    const again = await officer();
    await sql.query(`DELETE FROM memberships WHERE user_id = $1`, [again.userId]);
    await until('B to refuse', async () => (await b.http.get(`/units/${again.unitId}`).set(bearer(again.token))).status === 403, 2_000);
  });

  it('keeps nothing with ACTOR_CACHE_TTL_MS=0', async () => {
    const c = await startTestApp({ database: db, env: { ACTOR_CACHE_TTL_MS: '0' } });
    try {
      const { userId, unitId } = await officer();
      const token = await c.login(`cached.${n}`, 'a-long-password');
      expect((await c.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(200);
      expect(c.app.get(ActorCache).active).toBe(false);
      await c.app.get(DataSource).query(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM memberships WHERE user_id = '${userId}'; COMMIT`);
      expect((await c.http.get(`/units/${unitId}`).set(bearer(token))).status).toBe(403);
    } finally {
      await c.close();
    }
  });
});
