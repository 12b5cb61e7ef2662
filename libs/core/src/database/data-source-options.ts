import type { DataSourceOptions } from 'typeorm';

type MigrationClass = new () => unknown;

/**
 * Planner settings for every session the application opens. The default random_page_cost (4)
 * prices random reads as a spinning disk's; with the data cached or on SSD, 1.1 (the usual
 * SSD value) lets a subtree page read the path btree in order instead of sorting a bitmap
 * scan, ~3 ms less for a 2,000-unit branch (bench/tree.bench.ts).
 */
export const SESSION_OPTIONS = '-c random_page_cost=1.1';

/** The one description of how we talk to PostgreSQL: migrations only, never synchronize. */
export function dataSourceOptions(url: string, migrations: MigrationClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: 20, application_name: 'plan-cascade', options: SESSION_OPTIONS },
  };
}
