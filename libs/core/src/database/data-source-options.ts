import type { DataSourceOptions } from 'typeorm';

type MigrationClass = new () => unknown;

/**
 * Planner settings for every session the application opens. The default random_page_cost (4)
 * prices random reads as a spinning disk's; with the data cached or on SSD, 1.1 (the usual
 * SSD value) lets a subtree page read the path btree in order instead of sorting a bitmap
 * scan, ~3 ms less for a 2,000-unit branch (bench/tree.bench.ts). JIT off: a statement over a
 * large range (the cascade view's, bench/cascade.bench.ts) crosses jit_above_cost and spends
 * far longer compiling (1.8 s at 50,000 nodes) than the few ms it could save when run.
 * DateStyle ISO: utcText's instants are read in that form, whatever the server's default.
 */
export const SESSION_OPTIONS = '-c random_page_cost=1.1 -c jit=off -c datestyle=ISO,YMD';

/** The one description of how we talk to PostgreSQL: migrations only, never synchronize. */
export function dataSourceOptions(url: string, migrations: MigrationClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // pipeline: a statement is sent when issued, not when the one before it is answered (pipelinedTransaction).
    extra: { max: 20, application_name: 'plan-cascade', options: SESSION_OPTIONS, pipeline: true },
  };
}
