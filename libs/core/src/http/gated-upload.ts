import { BadRequestException, CallHandler, ExecutionContext, Inject, Injectable, mixin, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** The limits an upload route sets (busboy's, as multer took them). */
export interface UploadLimits {
  fileSize: number;
  files?: number;
  fields?: number;
}

/** The file of an upload as the handler gets it with `@UploadedFile()` (the shape multer gave). */
export interface UploadedPart {
  fieldname: string;
  /** The file name as sent, read as UTF-8 (multer gave the bytes as latin1). */
  originalname: string;
  encoding: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

/** What an upload leaves on the request: the text fields sent before and after the file, and the file. */
export type UploadRequest = FastifyRequest;

/** `@UploadedFile()` reads `req.file`, which @fastify/multipart's `file()` method would otherwise answer. */
function setFile(req: UploadRequest, file: UploadedPart | undefined): void {
  (req as unknown as { file?: UploadedPart }).file = file;
}

/**
 * Who may upload, asked before the body is read. `beforeBody` runs before a byte of the
 * multipart body is consumed (the route's path and the caller's token are all it has) and may
 * narrow the size limit (a quota); `beforeFile` runs when the file part begins, with the
 * fields sent before it in `req.body`. Either throws to refuse: the file is never buffered.
 */
export interface UploadGate {
  beforeBody?(req: UploadRequest): Promise<Partial<UploadLimits> | void>;
  beforeFile?(req: UploadRequest): Promise<void>;
}

/** @fastify/multipart's refusals, as Nest's FileInterceptor answered multer's. */
function mapUploadError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PayloadTooLargeException('File too large');
    case 'FST_FILES_LIMIT':
      return new BadRequestException('Too many files');
    case 'FST_FIELDS_LIMIT':
      return new BadRequestException('Too many fields');
    case 'FST_PARTS_LIMIT':
      return new BadRequestException('Too many parts');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new BadRequestException('Multipart: Boundary not found');
    default:
      // busboy's refusals of a malformed body (no boundary, a broken part header, a cut-off body).
      if (error instanceof Error && /^Multipart: /.test(error.message)) return new BadRequestException(error.message);
      if (error instanceof Error && /^(Malformed part header|Unexpected end of (form|file)|Unsupported content type)/.test(error.message)) {
        return new BadRequestException(`Multipart: ${error.message}`);
      }
      return error;
  }
}

/**
 * Reads a multipart body: text fields into `req.body`, the one file of `field` into memory as
 * `req.file` (what `@UploadedFile()` returns), asking `beforeFile` when the file part begins. A
 * request that is not multipart passes untouched (the input rules answered 415 already if it had a body).
 */
async function readUpload(req: UploadRequest, field: string, limits: UploadLimits, beforeFile?: (req: UploadRequest) => Promise<void>): Promise<void> {
  setFile(req, undefined);
  if (!req.isMultipart()) return;
  const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  req.body = body;
  let file: UploadedPart | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: limits.fileSize, files: limits.files, fields: limits.fields, parts: 1000 } })) {
      if (part.type === 'field') {
        body[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== field) throw new BadRequestException('Unexpected file field');
      if (beforeFile) await beforeFile(req);
      const buffer = await part.toBuffer();
      file = { fieldname: part.fieldname, originalname: part.filename, encoding: part.encoding, mimetype: part.mimetype, buffer, size: buffer.length };
    }
  } catch (error) {
    throw mapUploadError(error);
  }
  setFile(req, file);
}

/** The upload of one file (`field`) within `limits`, for anyone the route's guard let through. */
export function FileUpload(field: string, limits: UploadLimits): Type<NestInterceptor> {
  @Injectable()
  class Upload implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      await readUpload(context.switchToHttp().getRequest<UploadRequest>(), field, limits);
      return next.handle();
    }
  }
  return mixin(Upload);
}

/**
 * `FileUpload(field)` whose upload is authorised first, by the injectable `Gate`. Without it the
 * whole body (10 MB) would be buffered for any signed-in account before the handler looks.
 */
export function GatedFileInterceptor(field: string, limits: UploadLimits, Gate: Type<UploadGate>): Type<NestInterceptor> {
  @Injectable()
  class Gated implements NestInterceptor {
    constructor(@Inject(Gate) private readonly gate: UploadGate) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      const narrowed = (await this.gate.beforeBody?.(req)) ?? {};
      await readUpload(req, field, { ...limits, ...narrowed }, this.gate.beforeFile?.bind(this.gate));
      return next.handle();
    }
  }
  return mixin(Gated);
}
