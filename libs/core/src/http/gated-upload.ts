import { CallHandler, ExecutionContext, Inject, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** multer's limits that an upload route sets. */
export interface UploadLimits {
  fileSize: number;
  files?: number;
  fields?: number;
}

/**
 * Who may upload, asked before the body is read. `beforeBody` runs before a byte of the
 * multipart body is consumed (the route's path and the caller's token are all it has) and may
 * narrow the size limit (a quota); `beforeFile` runs when the file part begins, with the
 * fields sent before it in `req.body`. Either throws to refuse: the file is never buffered.
 */
export interface UploadGate {
  beforeBody?(req: Request): Promise<Partial<UploadLimits> | void>;
  beforeFile?(req: Request): Promise<void>;
}

/**
 * `FileInterceptor(field)` whose upload is authorised first, by the injectable `Gate`. Without
 * it multer buffers the whole body (10 MB) for any signed-in account before the handler looks.
 */
export function GatedFileInterceptor(field: string, limits: UploadLimits, Gate: Type<UploadGate>): Type<NestInterceptor> {
  @Injectable()
  class Gated implements NestInterceptor {
    constructor(@Inject(Gate) private readonly gate: UploadGate) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<Request>();
      const narrowed = (await this.gate.beforeBody?.(req)) ?? {};
      const beforeFile = this.gate.beforeFile?.bind(this.gate);
      const Inner = FileInterceptor(field, {
        limits: { ...limits, ...narrowed },
        fileFilter: (request: Request, _file: unknown, accept: (error: Error | null, ok: boolean) => void) => {
          if (!beforeFile) return accept(null, true);
          beforeFile(request).then(
            () => accept(null, true),
            (error: Error) => accept(error, false),
          );
        },
      });
      return new Inner(undefined).intercept(context, next);
    }
  }
  return mixin(Gated);
}
