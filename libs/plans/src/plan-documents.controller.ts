import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { DocumentFormat, PlanDocumentsService, RenderedDocument } from './plan-documents.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND } = ErrorCode;
const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const BINARY = { schema: { type: 'string', format: 'binary' } };

/** A download: the name as given (RFC 6266/5987) and an ASCII twin for old clients ("10-KH-ĐUK" → "10-KH-DUK"). */
function download(doc: RenderedDocument, format: DocumentFormat): StreamableFile {
  const ascii = doc.filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|"/g, '_');
  return new StreamableFile(doc.bytes, {
    type: CONTENT_TYPES[format],
    length: doc.bytes.length,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
  });
}

@ApiTags('plans')
@ApiErrors(UNAUTHENTICATED)
@Controller('plans')
export class PlanDocumentsController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Get(':id/document.pdf')
  @RequirePermission(Permission.PlanRead, 'The plan as an official PDF (DỰ THẢO while a draft); once issued, exactly the bytes whose SHA-256 its ISSUE audit entry records')
  @ApiProduces(CONTENT_TYPES.pdf)
  @ApiOkResponse(BINARY)
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    return download(await this.documents.render(actor, id, 'pdf'), 'pdf');
  }

  @Get(':id/document.docx')
  @RequirePermission(Permission.PlanRead, 'The plan as an official Word document (DỰ THẢO while a draft; once issued, from the issued document\'s content)')
  @ApiProduces(CONTENT_TYPES.docx)
  @ApiOkResponse(BINARY)
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async docx(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    return download(await this.documents.render(actor, id, 'docx'), 'docx');
  }
}
