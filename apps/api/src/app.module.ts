import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditLogModule } from '@app/audit-log';
import { AuthModule } from '@app/auth';
import { AppConfig, Clock, CoreModule, DatabaseModule, HealthController } from '@app/core';
import { DelegationModule } from '@app/delegation';
import { DemoModule } from '@app/demo';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { ReorganisationModule } from '@app/reorganisation';
import { ReportsModule } from '@app/reports';
import { SigningModule } from '@app/signing';
import { MIGRATIONS } from '../../../migrations/index.js';
import { HttpReady } from './http-ready.js';
import { DbPoolMetrics } from './metrics.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        DatabaseModule.forRoot({ url: databaseUrl, runMigrations: config.database.runMigrations, migrations: MIGRATIONS }),
        TerminusModule,
        SigningModule,
        OrgModule,
        AuthModule,
        DemoModule,
        PlansModule,
        DelegationModule,
        ReportsModule,
        ReorganisationModule,
        NotificationsModule,
        JobsModule,
        AuditLogModule,
      ],
      controllers: [HealthController],
      providers: [DbPoolMetrics, HttpReady],
    };
  }
}
