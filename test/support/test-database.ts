import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, withDatabase } from '@app/core';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * The one test-database helper. The server comes from the global setup; the first test file
 * migrates a template database; every test file then gets `CREATE DATABASE … TEMPLATE …`
 * (fast and isolated) and drops it at the end.
 */
export interface TestDatabase {
  url: string;
  serverUrl: string;
  drop(): Promise<void>;
}

export async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function testServer(): { serverUrl: string; template: string } {
  const serverUrl = process.env.PC_TEST_SERVER_URL;
  const template = process.env.PC_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('The test database server is not set up (jest globalSetup)');
  return { serverUrl, template };
}

async function ensureTemplate(serverUrl: string, template: string): Promise<void> {
  const exists = await onServer(serverUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount);
  if (exists) return;
  const building = `${template}_building`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${building}`));
  const source = new DataSource(dataSourceOptions(withDatabase(serverUrl, building), MIGRATIONS));
  await source.initialize();
  await source.runMigrations();
  await source.destroy();
  await onServer(serverUrl, (c) => c.query(`ALTER DATABASE ${building} RENAME TO ${template}`));
}

/** A fresh database with every migration applied, for one test file. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const { serverUrl, template } = testServer();
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  if (options.migrated === false) {
    await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  } else {
    await ensureTemplate(serverUrl, template);
    await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  }
  return {
    url: withDatabase(serverUrl, name),
    serverUrl,
    drop: async () => {
      await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
