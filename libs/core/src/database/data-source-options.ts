import type { DataSourceOptions } from 'typeorm';

type MigrationClass = new () => unknown;

/** The one description of how we talk to PostgreSQL: migrations only, never synchronize. */
export function dataSourceOptions(url: string, migrations: MigrationClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: 20, application_name: 'plan-cascade' },
  };
}
