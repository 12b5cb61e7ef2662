import { Controller, Get, HttpCode, Param, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, DomainError, download, ErrorCode, FileUpload, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { DocumentFormat, PlanDocumentsService, RenderedDocument } from './plan-documents.service.js';
import { DocumentVerificationDto, PlanSignatureDto } from './plan.dto.js';

/** An issued plan is tens of kilobytes; a scanned annex could make a copy a few megabytes. */
export const VERIFY_MAX_BYTES = 20 * 1024 * 1024;

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

  @Get(':id/signature')
  @RequirePermission(Permission.PlanRead, "The issued PDF's digital signature, checked: valid, covering the whole file, trusted; the signer, the signing time, and the stored bytes against the ISSUE audit entry's SHA-256")
  @ApiOkResponse({ type: PlanSignatureDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async signature(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<PlanSignatureDto> {
    const { signature, sha256 } = await this.documents.signature(actor, id);
    if (!signature) {
      return {
        signed: false, valid: false, coversWholeDocument: false, trusted: false, pades: null, subFilter: null, signingTime: null, digestAlgorithm: '', signatureAlgorithm: '',
        signer: { subject: '', commonName: null, issuer: '', serialNumber: '', notBefore: '', notAfter: '' },
        signedBytes: 0, documentBytes: 0, signatureCount: 0, problems: ['NOT_SIGNED'], sha256,
      };
    }
    return { signed: true, ...signature, sha256 };
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

@ApiTags('plans')
@ApiErrors(UNAUTHENTICATED)
@Controller('documents')
export class DocumentVerificationController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Post('verify')
  @HttpCode(200)
  @RequirePermission(Permission.PlanRead, 'Check a PDF copy: is it byte for byte a document we issued (named only if the caller may see that plan), and what does its signature say')
  @UseInterceptors(FileUpload('file', { fileSize: VERIFY_MAX_BYTES, files: 1, fields: 0 }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'The PDF' } } } })
  @ApiOkResponse({ type: DocumentVerificationDto })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE)
  async verify(@CurrentActor() actor: Actor, @UploadedFile() file: { buffer: Buffer } | undefined): Promise<DocumentVerificationDto> {
    if (!file) throw DomainError.validation('A file is required', [{ field: 'file', messages: ['upload the PDF as multipart field "file"'] }]);
    if (!file.buffer.subarray(0, 1024).includes('%PDF-')) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Not a PDF: a PDF starts with %PDF-');
    return this.documents.verifyCopy(actor, file.buffer);
  }
}
