import { Controller, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, DomainError, ErrorCode, FileUpload, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { APPEARANCE_IMAGE_MAX_BYTES, AppearanceImagesService } from './appearance-images.service.js';

export class AppearanceImageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['seal', 'signature'] }) kind: 'seal' | 'signature';
  @ApiProperty({ description: 'SHA-256 of the PNG, lowercase hex' }) sha256: string;
  @ApiProperty() size: number;
  @ApiProperty() widthPx: number;
  @ApiProperty() heightPx: number;
  @ApiProperty({ description: 'Printed width in millimetres: from the PNG’s pHYs resolution, else 36 (seal) or 40 (signature)' }) widthMm: number;
  @ApiProperty() uploadedAt: string;
}

const PNG_BODY = { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'A transparent PNG' } } } };
const upload = () => FileUpload('file', { fileSize: APPEARANCE_IMAGE_MAX_BYTES, files: 1, fields: 0 });
const required = (file: { buffer: Buffer } | undefined): { buffer: Buffer } => {
  if (!file) throw DomainError.validation('A file is required', [{ field: 'file', messages: ['upload the PNG as multipart field "file"'] }]);
  return file;
};

/** The images of a signed document's appearance: a unit's seal, a signer's signature (Decree 30/2020, Appendix I). */
@ApiTags('signing')
@ApiErrors(ErrorCode.UNAUTHENTICATED)
@Controller()
export class AppearanceImagesController {
  constructor(private readonly images: AppearanceImagesService) {}

  @Post('units/:id/seal')
  @RequirePermission(Permission.UnitManage, "Upload the unit's seal (red, transparent PNG, actual size): printed on the plans it issues from then on; stored write-once and audited")
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(PNG_BODY)
  @ApiCreatedResponse({ type: AppearanceImageDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE)
  seal(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @UploadedFile() file: { buffer: Buffer } | undefined): Promise<AppearanceImageDto> {
    return this.images.uploadSeal(actor, id, required(file));
  }

  @Post('users/:id/signature-image')
  @RequirePermission(Permission.UserManage, "Upload a signer's signature image (blue, transparent PNG): printed between the title and the name on the plans the signer issues; stored write-once and audited")
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(PNG_BODY)
  @ApiCreatedResponse({ type: AppearanceImageDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE)
  signature(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @UploadedFile() file: { buffer: Buffer } | undefined): Promise<AppearanceImageDto> {
    return this.images.uploadSignature(actor, id, required(file));
  }
}
