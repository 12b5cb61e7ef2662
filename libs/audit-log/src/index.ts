export * from './merkle/index.js';
export { AuditLogController } from './audit-log.controller.js';
export { AuditLogModule } from './audit-log.module.js';
export { AuditLogService, type ConsistencyProof, type ExportRequest, type InclusionProof, type LogKeysView } from './audit-log.service.js';
export { AuditLogWriter, WRITER_LOCK, type AppendResult } from './audit-log-writer.service.js';
export { AUDIT_LOG_KEY_FILE, withEmbeddedAuditLogKey } from './embedded-key.js';
export { LogKeys } from './log-keys.js';
