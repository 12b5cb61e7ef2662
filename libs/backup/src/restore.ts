import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/core';
import { applicationTables, columnList } from './catalog.js';
import { FORMAT, FORMAT_VERSION, MANIFEST, type Manifest } from './manifest.js';

type MigrationClass = (new () => unknown) & { prototype: { name?: string } };

export interface RestoreResult {
  tables: number;
  rows: number;
  /** Migrations newer than the backup, applied after the rows went in (an upgrade). */
  upgradedBy: string[];
}

/** The manifest, once every file it lists is there with the SHA-256 it recorded (nothing is touched before). */
export async function readBackup(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir} holds no ${MANIFEST}: not a backup, or one that did not finish`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) throw new Error(`${path}: not a plan-cascade backup of format ${FORMAT_VERSION}`);
  for (const entry of manifest.tables) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(join(dir, entry.file)), hash);
    if (hash.digest('hex') !== entry.sha256) throw new Error(`${entry.file} does not match its SHA-256 in the manifest: the backup is damaged`);
  }
  return manifest;
}

const nameOf = (migration: MigrationClass) => new migration() as { name?: string };

async function migrate(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const source = new DataSource(dataSourceOptions(url, migrations));
  await source.initialize();
  try {
    return (await source.runMigrations()).map((m) => m.name);
  } finally {
    await source.destroy();
  }
}

/**
 * Restores the backup in `dir` into the empty database at `url`: migrates it to the backup's
 * schema, loads every table in foreign-key order by COPY … FROM STDIN in one transaction (all or
 * nothing, every constraint checked), sets the sequences, then applies the migrations the code
 * has beyond the backup. Refuses a damaged backup, a non-empty database, and a backup made by a
 * newer version (a migration this code does not know).
 */
export async function restoreDatabase(dir: string, url: string, migrations: MigrationClass[], log: (line: string) => void = () => undefined): Promise<RestoreResult> {
  const manifest = await readBackup(dir);
  const known = migrations.map((m) => nameOf(m).name);
  const unknown = manifest.migrations.filter((name, i) => known[i] !== name);
  if (unknown.length > 0) throw new Error(`The backup's schema has migrations this version does not (${unknown[0]}…): restore it with the version that made it, then upgrade`);

  const client = new pg.Client({ connectionString: url, application_name: 'plan-cascade-restore' });
  await client.connect();
  try {
    const { rows: [{ count }] } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p')`,
    );
    if (count > 0) throw new Error('The target database is not empty: restore into a new database (or, embedded, with --replace)');

    await migrate(url, migrations.slice(0, manifest.migrations.length));
    log(`Schema at ${manifest.migrations.at(-1) ?? 'no migration'}`);

    await client.query('BEGIN');
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    const tables = await applicationTables(client);
    const expected = new Map(manifest.tables.map((t) => [t.table, t]));
    const missing = tables.filter((t) => !expected.has(t.name)).map((t) => t.name);
    const extra = manifest.tables.filter((t) => !tables.some((x) => x.name === t.table)).map((t) => t.table);
    if (missing.length || extra.length) throw new Error(`The backup does not fit its own schema (missing: ${missing.join(', ') || '–'}; unexpected: ${extra.join(', ') || '–'})`);
    // The rows come back as they were, so the tables' own triggers stay out of it (as pg_dump's
    // --disable-triggers): one that derives rows (unit_periods from units) would make them twice.
    // Foreign keys are system triggers and still hold, checked once everything is in.
    for (const table of tables) await client.query(`ALTER TABLE ${table.name} DISABLE TRIGGER USER`);
    // Reference rows a migration inserts come back from the backup as they were.
    for (const table of [...tables].reverse()) await client.query(`DELETE FROM ${table.name}`);
    let rows = 0;
    for (const table of tables) {
      const entry = expected.get(table.name)!;
      if (entry.columns.join() !== table.columns.join()) throw new Error(`${table.name}: the backup's columns differ from the schema's`);
      const copy = client.query(copyFrom(`COPY ${table.name} (${columnList(table)}) FROM STDIN`));
      await pipeline(createReadStream(join(dir, entry.file)), createGunzip(), copy);
      if (copy.rowCount !== entry.rows) throw new Error(`${table.name}: ${copy.rowCount} rows loaded, the backup has ${entry.rows}`);
      rows += copy.rowCount;
      log(`${table.name}: ${copy.rowCount} rows`);
    }
    for (const s of manifest.sequences) await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [s.name, s.lastValue, s.isCalled]);
    // The foreign keys checked now, so that the triggers can be switched back on (not with checks pending).
    await client.query('SET CONSTRAINTS ALL IMMEDIATE');
    for (const table of tables) await client.query(`ALTER TABLE ${table.name} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    const upgradedBy = await migrate(url, migrations);
    if (upgradedBy.length) log(`Upgraded by ${upgradedBy.join(', ')}`);
    return { tables: tables.length, rows, upgradedBy };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
