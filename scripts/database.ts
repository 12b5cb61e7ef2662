import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, dataSourceOptions, ensureDatabase, startEmbeddedPostgres, withDatabase } from '@app/core';
import { MIGRATIONS } from '../migrations/index.js';

/** The embedded database's name on its server (`npm start` creates it). */
export const EMBEDDED_DATABASE = 'plan_cascade';

/**
 * The server URL a command-line tool works on: DATABASE_URL's, or the embedded one of
 * `npm start` — the running one when `npm start` is up (a backup then runs beside it), otherwise
 * started for the tool and stopped after it.
 */
export async function withServer<T>(config: AppConfig, work: (serverUrl: string | undefined, databaseUrl: string | undefined) => Promise<T>): Promise<T> {
  if (config.database.url) return work(undefined, config.database.url);
  const running = `postgres://postgres:postgres@127.0.0.1:${config.database.embedded.port}/postgres`;
  if (await answers(running)) return work(running, withDatabase(running, EMBEDDED_DATABASE));
  const embedded = await startEmbeddedPostgres({ ...config.database.embedded, persistent: true });
  try {
    return await work(embedded.serverUrl, withDatabase(embedded.serverUrl, EMBEDDED_DATABASE));
  } finally {
    await embedded.stop();
  }
}

/** Runs `work` on one connection to `url`. */
export async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The database a command-line tool works on (see withServer), as a TypeORM DataSource with the migrations. */
export async function withDataSource<T>(config: AppConfig, work: (source: DataSource) => Promise<T>): Promise<T> {
  return withServer(config, async (serverUrl, databaseUrl) => {
    const url = serverUrl ? await ensureDatabase(serverUrl, EMBEDDED_DATABASE) : databaseUrl!;
    const source = new DataSource(dataSourceOptions(url, MIGRATIONS));
    await source.initialize();
    try {
      return await work(source);
    } finally {
      await source.destroy();
    }
  });
}
