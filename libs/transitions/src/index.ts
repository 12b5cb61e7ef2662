export { hashEntry, verifyChain, type AuditEntry, type ChainBreak, type HashedAuditEntry } from './audit-chain.js';
export { AuditEntryDto, AuditPageDto, historyCsv, historyResponse, VerifyResultDto, type PlanVerifyResult } from './audit-entry.dto.js';
export { AUDIT_COLUMNS, auditInsert, AuditTrail } from './audit-trail.service.js';
export { AuditService, verifySubjects, type HistoryEntry, type VerifyResult } from './audit.service.js';
export {
  TransitionRunner, type Decision, type Effect, type EffectContext, type SubjectKind, type SubjectRow, type TransitionCommand,
} from './transition-runner.service.js';
export { NOTIFICATION_TYPES, Outbox, type NotificationType, type OutboxMessage } from './outbox.service.js';
export { isSystemActor, SYSTEM_ACTOR, SYSTEM_ROLE } from './system-actor.js';
export { TransitionsModule } from './transitions.module.js';
