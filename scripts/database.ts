import { DataSource } from 'typeorm';
import { AppConfig, dataSourceOptions, ensureDatabase, startEmbeddedPostgres } from '@app/core';
import { MIGRATIONS } from '../migrations/index.js';

/**
 * The database a command-line tool works on: DATABASE_URL's, or the embedded one of
 * `npm start` (started for the tool and stopped after it).
 */
export async function withDataSource<T>(config: AppConfig, work: (source: DataSource) => Promise<T>): Promise<T> {
  const embedded = config.database.url ? undefined : await startEmbeddedPostgres({ ...config.database.embedded, persistent: true });
  try {
    const url = config.database.url ?? (await ensureDatabase(embedded!.serverUrl, 'plan_cascade'));
    const source = new DataSource(dataSourceOptions(url, MIGRATIONS));
    await source.initialize();
    try {
      return await work(source);
    } finally {
      await source.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
