import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { OrgModule } from '@app/org';
import { DemoSeeder } from './demo-seeder.service.js';

@Module({
  imports: [OrgModule, AuthModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
