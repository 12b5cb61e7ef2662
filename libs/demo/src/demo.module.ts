import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { DelegationModule } from '@app/delegation';
import { JobsModule } from '@app/jobs';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { ReportsModule } from '@app/reports';
import { ReorganisationModule } from '@app/reorganisation';
import { DemoData } from './demo-data.service.js';
import { DemoPlansSeeder } from './demo-plans.service.js';
import { DemoReorganisationSeeder } from './demo-reorganisation.service.js';
import { DemoSeeder } from './demo-seeder.service.js';
import { DemoWorkSeeder } from './demo-work.service.js';

@Module({
  imports: [OrgModule, AuthModule, PlansModule, DelegationModule, ReportsModule, JobsModule, ReorganisationModule],
  providers: [DemoData, DemoSeeder, DemoPlansSeeder, DemoWorkSeeder, DemoReorganisationSeeder],
  exports: [DemoData, DemoSeeder, DemoPlansSeeder, DemoWorkSeeder, DemoReorganisationSeeder],
})
export class DemoModule {}
