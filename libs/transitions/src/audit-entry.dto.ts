import { ApiProperty } from '@nestjs/swagger';
import { attachment, csvCell, DomainError, PageInfoDto } from '@app/core';
import type { HistoryEntry, VerifyResult } from './audit.service.js';

export class AuditActorDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The role the actor used' }) role: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The unit the actor acted for' }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'On whose behalf (T/M, K/T signatures)' }) onBehalfOf: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'The entry\'s id: the entryId of GET /audit/log/proofs/inclusion', example: 42 }) id: number;
  @ApiProperty({ example: 'plan' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ description: 'Position in the subject\'s chain, from 1' }) seq: number;
  @ApiProperty({ description: 'Server time' }) at: string;
  @ApiProperty({ example: 'ISSUE' }) event: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ nullable: true, type: String, description: 'Comment or reason' }) comment: string | null;
  @ApiProperty({ type: Object }) payload: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) prevHash: string | null;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical entry, prevHash included' }) hash: string;

  static from(e: HistoryEntry): AuditEntryDto {
    return {
      id: Number(e.id),
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      seq: e.seq,
      at: e.at.toISOString(),
      event: e.event,
      fromState: e.fromState,
      toState: e.toState,
      actor: { userId: e.actorUserId, username: e.actorUsername, name: e.actorName, role: e.actorRole, unitId: e.actorUnitId, onBehalfOf: e.onBehalfOf },
      comment: e.comment,
      payload: e.payload,
      requestId: e.requestId,
      prevHash: e.prevHash,
      hash: e.hash,
    };
  }
}

export class AuditPageDto extends PageInfoDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
}

export class ChainBreakDto {
  @ApiProperty({ format: 'uuid', description: 'The plan the broken chain belongs to: the subject itself, or the plan of the assignment or report' })
  planId: string;
  @ApiProperty({ enum: ['plan', 'assignment', 'report'] }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'SEQUENCE_GAP', 'HEAD_MISMATCH'] }) reason: string;
}

export class VerifyResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Entries verified' }) checked: number;
  @ApiProperty({ description: 'Subjects (chains) verified' }) subjects: number;
  @ApiProperty({ type: [ChainBreakDto] }) broken: ChainBreakDto[];
}

/** What GET /audit/verify answers: breaks named with the plan they belong to. */
export interface PlanVerifyResult extends Omit<VerifyResult, 'broken'> {
  broken: (VerifyResult['broken'][number] & { planId: string })[];
}

const CSV_COLUMNS = ['id', 'seq', 'at', 'event', 'fromState', 'toState', 'actorUsername', 'actorName', 'actorRole', 'actorUnitId', 'onBehalfOf',
  'comment', 'requestId', 'prevHash', 'hash', 'payload'] as const;


/** RFC 4180 CSV with a UTF-8 byte order mark, so spreadsheet programs read the Vietnamese right; no cell is a formula. */
export function historyCsv(entries: AuditEntryDto[]): string {
  const rows = entries.map((e) =>
    [e.id, e.seq, e.at, e.event, e.fromState, e.toState, e.actor.username, e.actor.name, e.actor.role, e.actor.unitId, e.actor.onBehalfOf,
      e.comment, e.requestId, e.prevHash, e.hash, e.payload].map(csvCell).join(','),
  );
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The part of an HTTP response a history download sets (Fastify's reply fits). */
interface DownloadHeaders {
  header(name: string, value: string): unknown;
}

/**
 * A subject's history as the API answers it: JSON, or with `?format=csv|json` a download named
 * `<filename>.<format>` (the CSV with a BOM, so spreadsheet programs read the Vietnamese).
 */
export function historyResponse(entries: AuditEntryDto[], format: string | undefined, filename: string, res: DownloadHeaders): AuditEntryDto[] | string {
  if (format !== undefined && format !== 'csv' && format !== 'json') {
    throw DomainError.validation('Unknown format', [{ field: 'format', messages: ['format must be csv or json'] }]);
  }
  if (format) res.header('Content-Disposition', attachment(`${filename}.${format}`));
  if (format !== 'csv') return entries;
  res.header('Content-Type', 'text/csv; charset=utf-8');
  return historyCsv(entries);
}
