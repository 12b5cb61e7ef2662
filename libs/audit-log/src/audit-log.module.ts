import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditLogWriter } from './audit-log-writer.service.js';
import { LogKeys } from './log-keys.js';

@Module({
  imports: [OrgModule],
  controllers: [AuditLogController],
  providers: [LogKeys, AuditLogWriter, AuditLogService],
  exports: [LogKeys, AuditLogWriter, AuditLogService],
})
export class AuditLogModule {}
