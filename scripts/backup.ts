import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '@app/backup';
import { loadConfig } from '@app/core';
import { withServer } from './database.js';

/**
 * `npm run backup -- --out DIR`: a logical backup of the database (DATABASE_URL's, or the embedded
 * one, running or not) into the new directory DIR — tables, stored documents, report files, sequences.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('usage: npm run backup -- --out DIR');
  const dir = resolve(values.out);
  const started = Date.now();
  const manifest = await withServer(loadConfig(), (_server, url) => backupDatabase(url!, dir, (line) => process.stderr.write(`  ${line}\n`)));
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = manifest.tables.reduce((n, t) => n + t.bytes, 0);
  process.stdout.write(
    `Backed up ${manifest.tables.length} tables, ${rows} rows (${(bytes / 1e6).toFixed(1)} MB gzipped) from PostgreSQL ${manifest.serverVersion} ` +
      `at ${manifest.migrations.at(-1)} into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
