import { DataSource } from 'typeorm';
import { dataSourceOptions, preparedQuery } from '@app/core';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const PREPARED = `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`;
const SQUARE = `SELECT ($1::int * $1::int) AS square`;

/** Hot statements are prepared once per connection, on the transaction's connection when there is one. */
describe('preparedQuery', () => {
  let db: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    // One connection: a statement sent to the pool while the transaction holds it would hang.
    const options = dataSourceOptions(db.url, []);
    source = new DataSource({ ...options, extra: { ...options.extra, max: 1 } });
    await source.initialize();
  });

  afterAll(async () => {
    await source.destroy();
    await db.drop();
  });

  it('answers as a plain query does, and PostgreSQL keeps the statement prepared on the connection', async () => {
    for (const n of [3, 4, 5]) expect(await preparedQuery(source.manager, SQUARE, [n])).toEqual([{ square: n * n }]);
    // One connection in the pool: the catalogue is read on the connection that prepared it.
    expect(await source.query(PREPARED, [SQUARE])).toEqual([{ n: 1 }]);
  });

  it('runs inside the caller’s transaction, sees its writes and goes with its rollback', async () => {
    await source.query('CREATE TABLE IF NOT EXISTS prepared_probe (n int)');
    const count = `SELECT count(*)::int AS n FROM prepared_probe`;
    await expect(
      source.transaction(async (tx) => {
        await tx.query('INSERT INTO prepared_probe VALUES (1)');
        expect(await preparedQuery(tx, count, [])).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await preparedQuery(source.manager, count, [])).toEqual([{ n: 0 }]);
  });
});
