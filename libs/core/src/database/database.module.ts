import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options.js';

@Module({})
export class DatabaseModule {
  static forRoot(options: { url: string; runMigrations: boolean; migrations: (new () => unknown)[] }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.url, options.migrations),
          migrationsRun: options.runMigrations,
          autoLoadEntities: true,
        }),
      ],
    };
  }
}
