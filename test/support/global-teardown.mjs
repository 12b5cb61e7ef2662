import { rmSync } from 'node:fs';
import pg from 'pg';

/** Drops every database this run made, even those of a test file that crashed, and stops the server. */
export default async function globalTeardown() {
  const template = process.env.PC_TEST_TEMPLATE;
  const client = new pg.Client({ connectionString: process.env.PC_TEST_SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${template}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const embedded = globalThis.__pcEmbeddedPostgres;
  if (embedded) {
    await embedded.server.stop();
    rmSync(embedded.parent, { recursive: true, force: true });
  }
}
