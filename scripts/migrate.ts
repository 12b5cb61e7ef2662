import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, loadConfig, startEmbeddedPostgres } from '@app/core';
import { MIGRATIONS } from '../migrations/index.js';

/** `migrate run` applies pending migrations; `migrate revert` undoes the last one. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert') throw new Error('usage: migrate run|revert');
  const config = loadConfig();
  const embedded = config.database.url ? undefined : await startEmbeddedPostgres({ ...config.database.embedded, persistent: true });
  try {
    const url = config.database.url ?? (await ensureDatabase(embedded!.serverUrl, 'plan_cascade'));
    const source = new DataSource(dataSourceOptions(url, MIGRATIONS));
    await source.initialize();
    try {
      if (command === 'run') {
        const applied = await source.runMigrations();
        process.stdout.write(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}\n` : 'Nothing to apply\n');
      } else {
        await source.undoLastMigration();
        process.stdout.write('Reverted the last migration\n');
      }
    } finally {
      await source.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
