import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { ReorganisationModule } from '@app/reorganisation';
import { DemoPlansSeeder } from './demo-plans.service.js';
import { DemoReorganisationSeeder } from './demo-reorganisation.service.js';
import { DemoSeeder } from './demo-seeder.service.js';

@Module({
  imports: [OrgModule, AuthModule, PlansModule, ReorganisationModule],
  providers: [DemoSeeder, DemoPlansSeeder, DemoReorganisationSeeder],
  exports: [DemoSeeder, DemoPlansSeeder, DemoReorganisationSeeder],
})
export class DemoModule {}
