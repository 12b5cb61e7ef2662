import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service.js';
import { AuditService } from './audit.service.js';
import { Outbox } from './outbox.service.js';
import { TransitionRunner } from './transition-runner.service.js';

@Module({
  providers: [AuditTrail, AuditService, Outbox, TransitionRunner],
  exports: [AuditTrail, AuditService, Outbox, TransitionRunner],
})
export class TransitionsModule {}
