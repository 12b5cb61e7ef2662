import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { DelegationModule } from '@app/delegation';
import { JobsModule } from '@app/jobs';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { ReportsModule } from '@app/reports';
import { DemoPlansSeeder } from './demo-plans.service.js';
import { DemoSeeder } from './demo-seeder.service.js';
import { DemoWorkSeeder } from './demo-work.service.js';

@Module({
  imports: [OrgModule, AuthModule, PlansModule, DelegationModule, ReportsModule, JobsModule],
  providers: [DemoSeeder, DemoPlansSeeder, DemoWorkSeeder],
  exports: [DemoSeeder, DemoPlansSeeder, DemoWorkSeeder],
})
export class DemoModule {}
