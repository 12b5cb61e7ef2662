import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, download, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { DocumentFormat, PlanDocumentsService, RenderedDocument } from './plan-documents.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND } = ErrorCode;
const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const BINARY = { schema: { type: 'string', format: 'binary' } };

const downloadOf = (doc: RenderedDocument, format: DocumentFormat): StreamableFile => download(doc.bytes, doc.filename, CONTENT_TYPES[format]);


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
    return downloadOf(await this.documents.render(actor, id, 'pdf'), 'pdf');
  }

  @Get(':id/document.docx')
  @RequirePermission(Permission.PlanRead, 'The plan as an official Word document (DỰ THẢO while a draft; once issued, from the issued document\'s content)')
  @ApiProduces(CONTENT_TYPES.docx)
  @ApiOkResponse(BINARY)
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async docx(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    return downloadOf(await this.documents.render(actor, id, 'docx'), 'docx');
  }
}
