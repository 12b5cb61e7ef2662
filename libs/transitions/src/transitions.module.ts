import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service.js';
import { AuditService } from './audit.service.js';
import { TransitionRunner } from './transition-runner.service.js';

@Module({
  providers: [AuditTrail, AuditService, TransitionRunner],
  exports: [AuditTrail, AuditService, TransitionRunner],
})
export class TransitionsModule {}
