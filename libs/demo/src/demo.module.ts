import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { DemoPlansSeeder } from './demo-plans.service.js';
import { DemoSeeder } from './demo-seeder.service.js';

@Module({
  imports: [OrgModule, AuthModule, PlansModule],
  providers: [DemoSeeder, DemoPlansSeeder],
  exports: [DemoSeeder, DemoPlansSeeder],
})
export class DemoModule {}
