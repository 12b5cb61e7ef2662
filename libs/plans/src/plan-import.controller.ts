import { Body, Controller, Injectable, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { isUUID, IsUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { ApiErrors, DomainError, ErrorCode, GatedFileInterceptor, type UploadGate } from '@app/core';
import { Actor, CurrentActor, Permission, RequestWithActor, RequirePermission } from '@app/org';
import { PlanDto } from './plan.dto.js';
import { ImportResult, PlanImportService } from './plan-import.service.js';

/** Largest document accepted (the seeds are 14–30 kB as text). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const TYPES = new Set(['text/plain', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/octet-stream']);

export class ImportPlanDto {
  @ApiProperty({ format: 'uuid', description: 'The issuing unit; the caller must be its drafter' }) @IsUUID()
  issuerUnitId: string;
}

class ImportUnmatchedDto {
  @ApiProperty({ description: 'Where the name stood', example: 'assignments[2]' }) field: string;
  @ApiProperty({ description: 'The name as written', example: 'Phòng Giáo dục và Đào tạo' }) name: string;
  @ApiPropertyOptional({ type: [String], description: "An assignee's responsibilities, left out of the draft with it" }) responsibilities?: string[];
}

class ImportReportDutyDto {
  @ApiPropertyOptional({ description: 'The collecting unit as written' }) collector?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The unit it matched' }) collectorUnitId?: string;
  @ApiPropertyOptional({ format: 'date' }) dueOn?: string;
  @ApiProperty() periodic: boolean;
}

class ImportReportDto {
  @ApiProperty({ description: 'What the document says of itself: issuer, superiorIssuer, place, issuedOn, numberAndSymbol, signature' })
  document: Record<string, unknown>;
  @ApiProperty({ description: 'Each field found, with how many entries', example: { title: 1, basis: 2, phases: 5 } })
  recognised: Record<string, number>;
  @ApiProperty({ type: [String], description: 'Fields of a plan the document does not have' }) missing: string[];
  @ApiProperty({ type: [String], description: 'Paragraphs no field took, verbatim' }) unclassified: string[];
  @ApiProperty({ type: [ImportUnmatchedDto], description: 'Names that fit no unit (or several): recipients keep them as text; assignees and the collector are left out' })
  unmatched: ImportUnmatchedDto[];
  @ApiPropertyOptional({ type: ImportReportDutyDto, description: 'The report duty as found, even when the draft cannot hold it' })
  reportDuty?: ImportReportDutyDto;
  @ApiPropertyOptional({ type: [String] }) notes: string[];
  @ApiProperty({ type: [String], description: 'Fields read by a guess the drafter should check (title, place, basis[1].issuedOn …)', example: ['title', 'basis[0].issuer'] })
  uncertain: string[];
}

class ImportResultDto {
  @ApiProperty({ type: PlanDto }) plan: PlanDto;
  @ApiProperty({ type: ImportReportDto }) report: ImportReportDto;
}

interface UploadedDocument {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

function requestIdOf(req: FastifyRequest): string | undefined {
  const id = (req as FastifyRequest & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The issuer is checked when the file part begins, from the `issuerUnitId` field sent before it
 * (browsers and curl send fields in the order given): a caller who is not its drafter never
 * gets the document read.
 */
@Injectable()
export class ImportGate implements UploadGate {
  constructor(private readonly imports: PlanImportService) {}

  async beforeFile(req: FastifyRequest & RequestWithActor): Promise<void> {
    const issuerUnitId = (req.body as Record<string, unknown> | undefined)?.issuerUnitId;
    if (typeof issuerUnitId !== 'string' || !isUUID(issuerUnitId)) {
      throw DomainError.validation('Send issuerUnitId before the file', [{ field: 'issuerUnitId', messages: ['issuerUnitId must be a UUID sent before the file part'] }]);
    }
    await this.imports.assertDrafter(req.actor!, issuerUnitId);
  }
}

@ApiTags('plans')
@ApiErrors(ErrorCode.UNAUTHENTICATED)
@Controller('plans')
export class PlanImportController {
  constructor(private readonly imports: PlanImportService) {}

  @Post('import')
  @RequirePermission(Permission.PlanDraft, 'Import a plan document (.txt or .docx) as a draft of a unit the caller drafts for, with an import report')
  @UseInterceptors(GatedFileInterceptor('file', { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 }, ImportGate))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'issuerUnitId'],
      properties: { file: { type: 'string', format: 'binary' }, issuerUnitId: { type: 'string', format: 'uuid' } },
    },
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.NOT_A_PLAN, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    ErrorCode.ARCHIVE_TOO_LARGE, ErrorCode.DOCUMENT_TOO_COMPLEX)
  async import(@CurrentActor() actor: Actor, @Body() dto: ImportPlanDto, @UploadedFile() file: UploadedDocument | undefined, @Req() req: FastifyRequest): Promise<ImportResult> {
    if (!file) throw DomainError.validation('A document is required', [{ field: 'file', messages: ['upload a .txt or .docx file as multipart field "file"'] }]);
    if (!TYPES.has(file.mimetype)) {
      throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Only .txt (UTF-8) and .docx (Word) files are imported', { reason: 'UNSUPPORTED_TYPE', contentType: file.mimetype });
    }
    return this.imports.importFile(actor, dto.issuerUnitId, file, requestIdOf(req));
  }
}
