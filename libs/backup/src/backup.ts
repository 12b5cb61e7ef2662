import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { applicationTables, appliedMigrations, columnList, sequenceValues } from './catalog.js';
import { FORMAT, FORMAT_VERSION, MANIFEST, type Manifest, type TableEntry } from './manifest.js';

/** Counts and hashes what passes through, for the manifest. */
function measure(): Transform & { sha256(): string; bytes: number } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      stream.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { sha256(): string; bytes: number };
  stream.bytes = 0;
  stream.sha256 = () => hash.digest('hex');
  return stream;
}

/**
 * A logical backup of the database at `url` into the empty (or new) directory `dir`: every
 * application table through COPY … TO STDOUT in one REPEATABLE READ snapshot (a consistent copy
 * while the server keeps working), the sequences, and the list of applied migrations. Stored
 * documents (plan_documents.pdf) and report files (report_files.content) live in the database
 * and are in it. Works on any PostgreSQL the app runs on (the embedded 18, a server's 15 …)
 * with no pg_dump of a matching version.
 */
export async function backupDatabase(url: string, dir: string, log: (line: string) => void = () => undefined): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: back up into a new directory`);
  mkdirSync(join(dir, 'tables'), { recursive: true });
  const client = new pg.Client({ connectionString: url, application_name: 'plan-cascade-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: [{ server_version: serverVersion }] } = await client.query<{ server_version: string }>('SHOW server_version');
    const migrations = await appliedMigrations(client);
    const tables: TableEntry[] = [];
    for (const [i, table] of (await applicationTables(client)).entries()) {
      const file = join('tables', `${String(i + 1).padStart(3, '0')}-${table.name.replace(/"/g, '')}.copy.gz`);
      const copy = client.query(copyTo(`COPY (SELECT ${columnList(table)} FROM ${table.name}) TO STDOUT`));
      const sum = measure();
      await pipeline(copy, createGzip(), sum, createWriteStream(join(dir, file)));
      tables.push({ table: table.name, columns: table.columns, file, rows: copy.rowCount, sha256: sum.sha256(), bytes: sum.bytes });
      log(`${table.name}: ${copy.rowCount} rows`);
    }
    const sequences = await sequenceValues(client);
    await client.query('COMMIT');
    const manifest: Manifest = { format: FORMAT, formatVersion: FORMAT_VERSION, createdAt: new Date().toISOString(), serverVersion, migrations, tables, sequences };
    writeFileSync(join(dir, `${MANIFEST}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(join(dir, `${MANIFEST}.partial`), join(dir, MANIFEST));
    return manifest;
  } finally {
    await client.end();
  }
}
