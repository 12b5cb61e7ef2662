import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/core';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, TestDatabase } from './support/test-database.js';

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
});
