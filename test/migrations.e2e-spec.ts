import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/core';
import { DemoPlansSeeder, DemoWorkSeeder } from '@app/demo';
import { MIGRATIONS } from '../migrations/index.js';
import { auditVerify } from '../scripts/audit-verify.js';
import { demoTokens } from './support/plan-fixtures.js';
import { startTestApp, TestApp } from './support/test-app.js';
import { createTestDatabase, TestDatabase } from './support/test-database.js';

/**
 * The last migration of the last release: an upgrade starts from a database at this point. Move
 * it on when a release is cut (docs/operations.md, "Upgrading").
 */
const LAST_RELEASE = 'RecordSentReminders1764001010000';
const nameOf = (m: (typeof MIGRATIONS)[number]) => (new m() as { name: string }).name;
const silent = () => new Writable({ write: (_c, _e, done) => done() });

describe('migrations', () => {
  let db: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    source = new DataSource(dataSourceOptions(db.url, MIGRATIONS));
    await source.initialize();
  });
  afterAll(async () => {
    await source.destroy();
    await db.drop();
  });

  const tables = async () =>
    (await source.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1`))
      .map((r: { table_name: string }) => r.table_name);

  const jobQueueSchema = async () => (await source.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss'`)).length;

  it('apply in order, revert one by one to an empty schema, and apply again', async () => {
    expect(await tables()).toEqual([]);
    await source.runMigrations();
    const full = await tables();
    expect(full).toEqual(expect.arrayContaining(['units', 'unit_kinds', 'users', 'memberships', 'refresh_tokens']));
    expect(await jobQueueSchema()).toBe(1);
    for (let i = 0; i < MIGRATIONS.length; i++) await source.undoLastMigration();
    expect(await tables()).toEqual([]);
    expect(await jobQueueSchema()).toBe(0);
    await source.runMigrations();
    expect(await tables()).toEqual(full);
    expect(await source.showMigrations()).toBe(false);
  });

  describe('an upgrade of a database holding the demo data', () => {
    let data: TestDatabase;
    let t: TestApp | undefined;
    afterAll(async () => {
      await t?.close();
      await data?.drop();
    });

    /** Tables newer migrations drop by design, and what replaced them: nothing else may go. */
    const DROPPED_SINCE_RELEASE: Record<string, string> = {
      login_failures_by_address: 'sign-in throttling state (ThrottleSignInPerAccountAndAddress): replaced by login_attempts per (username, address)',
    };

    /** Rows per application table: an upgrade may add columns and tables, never lose a row. */
    const rowCounts = async (on: DataSource) => {
      const tables: { name: string }[] = await on.query(
        `SELECT format('%I', tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
      );
      const counts: Record<string, number> = {};
      for (const { name } of tables) counts[name] = (await on.query(`SELECT count(*)::int AS n FROM ${name}`))[0].n;
      return counts;
    };

    it(`runs every migration after ${LAST_RELEASE} on it with nothing lost: same rows, intact history, the same plans served`, async () => {
      data = await createTestDatabase();
      t = await startTestApp({ demo: true, database: data });
      const ids = await t.app.get(DemoPlansSeeder).seed(t.units);
      await t.app.get(DemoWorkSeeder).seed(t.units, { reorganised: false });
      const readers = ['lb.auditor', 'ln.secretary', 'duk.secretary', 'kt.secretary'];
      const served = async (app: TestApp) => {
        const as = await demoTokens(app, readers);
        return Promise.all(ids.map(async (id, i) => (await app.http.get(`/plans/${id}`).set(as[readers[i]]).expect(200)).body));
      };
      const before = await served(t);
      await t.close();
      t = undefined;

      const on = new DataSource(dataSourceOptions(data.url, MIGRATIONS));
      await on.initialize();
      try {
        const newer = MIGRATIONS.slice(MIGRATIONS.findIndex((m) => nameOf(m) === LAST_RELEASE) + 1).map(nameOf);
        expect(newer.length).toBeGreaterThan(0);
        // Back to the last release's schema, holding the data (the tables only newer migrations make are empty).
        const counts = await rowCounts(on);
        for (let i = 0; i < newer.length; i++) await on.undoLastMigration();
        const atRelease = await rowCounts(on);
        expect(atRelease.plans).toBeGreaterThanOrEqual(4);
        for (const [table, n] of Object.entries(atRelease)) {
          // A table a newer migration drops on purpose is named here with why; any other must keep its rows.
          if (table in DROPPED_SINCE_RELEASE) expect(counts[table]).toBeUndefined();
          else expect({ table, n }).toEqual({ table, n: counts[table] });
        }

        // The upgrade: `npm run migration:run`.
        expect((await on.runMigrations()).map((m) => m.name)).toEqual(newer);
        expect(await rowCounts(on)).toEqual(counts);
        expect(await auditVerify(on, silent(), silent())).toBe(0);
      } finally {
        await on.destroy();
      }
      t = await startTestApp({ database: data });
      expect(await served(t)).toEqual(before);
    });
  });
});

