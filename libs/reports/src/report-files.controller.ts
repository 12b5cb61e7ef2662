import { Controller, Get, Injectable, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, DomainError, download, ErrorCode, GatedFileInterceptor, type UploadGate, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequestWithActor, RequirePermission } from '@app/org';
import { AttachmentDto } from './report.dto.js';
import { REPORT_FILE_MAX_BYTES, ReportFilesService, type UploadedFile as Upload } from './report-files.service.js';

const CHECKSUM = /^[0-9a-f]{64}$/;

/**
 * Before a byte of the body is read: the caller must be a writer of this editable report with
 * room left in its quota; the size limit shrinks to the bytes left. Anyone else is answered
 * at once, instead of after the server has buffered their 10 MB.
 */
@Injectable()
export class ReportFilesGate implements UploadGate {
  constructor(private readonly files: ReportFilesService) {}

  async beforeBody(req: FastifyRequest & RequestWithActor): Promise<{ fileSize: number } | void> {
    const id = (req.params as Record<string, string | undefined>).id;
    if (typeof id !== 'string' || !isUUID(id)) return; // the route's UuidParam answers 400
    const { bytesLeft } = await this.files.admit(req.actor!, id);
    return { fileSize: Math.min(REPORT_FILE_MAX_BYTES, bytesLeft) };
  }
}

@ApiTags('reports')
@ApiErrors(ErrorCode.UNAUTHENTICATED)
@Controller('reports/:id/files')
export class ReportFilesController {
  constructor(private readonly files: ReportFilesService) {}

  @Post()
  @RequirePermission(Permission.PlanRead, 'Upload a file to a draft or returned report (its drafter, secretary or unit officer); list the answer in the report\'s attachments')
  @UseInterceptors(GatedFileInterceptor('file', { fileSize: REPORT_FILE_MAX_BYTES, files: 1, fields: 0 }, ReportFilesGate))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.QUOTA_EXCEEDED)
  upload(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @UploadedFile() file: Upload | undefined): Promise<AttachmentDto> {
    if (!file) throw DomainError.validation('A file is required', [{ field: 'file', messages: ['upload the file as multipart field "file"'] }]);
    return this.files.upload(actor, id, file);
  }

  @Get(':checksum')
  @RequirePermission(Permission.PlanRead, 'Download a file of a report the caller sees, by its SHA-256')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, with its name and media type', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('checksum') checksum: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    if (!CHECKSUM.test(checksum)) throw DomainError.validation('Not a checksum', [{ field: 'checksum', messages: ['a SHA-256 in lowercase hex (64 characters)'] }]);
    const file = await this.files.download(actor, id, checksum);
    // Uploaded by someone else: never sniffed into HTML, never run as a page if opened in place.
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return download(file.content, file.name, file.contentType);
  }
}
