import fc from 'fast-check';
import pg from 'pg';
import { isoFromUtcText, SESSION_OPTIONS, utcText } from '@app/core';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** The units' instants are PostgreSQL's text turned into ISO in Node: the pair must agree with Date#toISOString. */
describe('utcText → isoFromUtcText', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    // A database whose default dates are not ISO and a zone far from UTC: the text must depend on neither.
    const setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET datestyle = %L', current_database(), 'SQL, DMY'); END $$`);
    await setup.end();
    client = new pg.Client({ connectionString: db.url, options: SESSION_OPTIONS });
    await client.connect();
    await client.query(`SET TIME ZONE 'Asia/Ho_Chi_Minh'`);
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('writes any instant as Date#toISOString does, whatever its fraction of a second', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        async (instant, micros) => {
          const { rows: [row] } = await client.query<{ text: string }>(
            `SELECT ${utcText('($1::timestamptz + make_interval(secs => $2::float8 / 1e6))')} AS text`,
            [instant.toISOString(), micros],
          );
          expect(isoFromUtcText(row.text)).toBe(instant.toISOString());
        },
      ),
      { numRuns: 300, examples: [[new Date('2026-12-03T10:19:22.000Z'), 0], [new Date('2026-12-03T10:19:22.100Z'), 0], [new Date('2026-12-03T10:19:22.120Z'), 999]] },
    );
  });
});
