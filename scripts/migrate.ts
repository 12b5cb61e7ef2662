import { loadConfig } from '@app/core';
import { withDataSource } from './database.js';

/** `migrate run` applies pending migrations; `migrate revert` undoes the last one. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert') throw new Error('usage: migrate run|revert');
  await withDataSource(loadConfig(), async (source) => {
    if (command === 'run') {
      const applied = await source.runMigrations();
      process.stdout.write(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}\n` : 'Nothing to apply\n');
    } else {
      await source.undoLastMigration();
      process.stdout.write('Reverted the last migration\n');
    }
  });
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
