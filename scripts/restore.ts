import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBackup, restoreDatabase } from '@app/backup';
import { ensureDatabase, loadConfig } from '@app/core';
import { MIGRATIONS } from '../migrations/index.js';
import { EMBEDDED_DATABASE, onServer, withServer } from './database.js';

/**
 * `npm run restore -- DIR [--replace]`: restores a backup into an empty database — DATABASE_URL's
 * (make a new one), or the embedded one (`--replace` drops the embedded database first; stop
 * `npm start` before). Then upgrades it to this version's migrations.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- DIR [--replace]');
  const dir = resolve(positionals[0]);
  const manifest = await readBackup(dir);
  process.stderr.write(`Backup of ${manifest.createdAt} (PostgreSQL ${manifest.serverVersion}, ${manifest.migrations.at(-1)}): files intact\n`);
  const config = loadConfig();
  if (config.database.url && values.replace) throw new Error('--replace is for the embedded database; with DATABASE_URL, restore into a new, empty database');
  const result = await withServer(config, async (serverUrl, url) => {
    if (serverUrl && values.replace) {
      await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${EMBEDDED_DATABASE}"`));
    }
    const target = serverUrl ? await ensureDatabase(serverUrl, EMBEDDED_DATABASE) : url!;
    return restoreDatabase(dir, target, MIGRATIONS, (line) => process.stderr.write(`  ${line}\n`));
  });
  process.stdout.write(`Restored ${result.tables} tables, ${result.rows} rows${result.upgradedBy.length ? `, then upgraded by ${result.upgradedBy.length} migrations` : ''}. Check it: npm run audit:verify\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
