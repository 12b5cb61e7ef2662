import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import { ERROR_STATUS, ErrorCode } from './error-code.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** HTTP statuses Nest or Fastify may raise themselves, mapped onto our codes. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: ErrorCode.VALIDATION_FAILED,
  429: ErrorCode.TOO_MANY_ATTEMPTS,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Fastify's own errors (FST_ERR_…) carry a status code but are not HttpExceptions. */
interface FastifyError {
  statusCode: number;
  code: string;
  message: string;
}

function isFastifyError(e: unknown): e is FastifyError {
  const f = e as Partial<FastifyError> | null;
  return e instanceof Error && typeof f?.code === 'string' && f.code.startsWith('FST_') && typeof f.statusCode === 'number';
}

/** The messages of Fastify's refusals that a client meets, in the words the API always used. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request entity too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request size did not match content length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is not valid JSON',
};

/** The error filter sees Fastify's reply in a handler and Node's response in a middleware. */
type AnyReply = FastifyReply | (ServerResponse & { locals?: Record<string, unknown> });

function rawOf(res: AnyReply): ServerResponse & { locals?: Record<string, unknown> } {
  return 'raw' in res ? (res.raw as ServerResponse & { locals?: Record<string, unknown> }) : res;
}

/** The one place where any error becomes an HTTP response of one shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): void {
    // Nest may wrap an error raised before the handler (the input rules' body checks) in an HttpException.
    const exception = thrown instanceof HttpException && thrown.cause instanceof DomainError ? thrown.cause : thrown;
    const res = host.switchToHttp().getResponse<AnyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest | IncomingMessage>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: req.url }, 'Unhandled error');
    }
    const raw = rawOf(res);
    // The metrics hook counts refusals by this code (kept on the response, which lives as long as the request).
    (raw.locals ??= {}).errorCode = body.code;
    if ('raw' in res) {
      if (exception instanceof DomainError && exception.headers) res.headers(exception.headers);
      void res.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
      return;
    }
    if (exception instanceof DomainError && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) raw.setHeader(name, value);
    }
    raw.statusCode = body.statusCode;
    raw.setHeader('Content-Type', 'application/json; charset=utf-8');
    raw.end(JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: ERROR_STATUS[exception.code], code: exception.code, message: exception.message };
      if (exception.details !== undefined) body.details = exception.details;
      return body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { statusCode: status, code: codeForStatus(status), message: messageOf(exception) };
    }
    if (isFastifyError(exception) && exception.statusCode >= 400 && exception.statusCode < 500) {
      const message = FASTIFY_MESSAGES[exception.code] ?? exception.message;
      return { statusCode: exception.statusCode, code: codeForStatus(exception.statusCode), message };
    }
    if (isDataException(exception)) {
      // A value PostgreSQL refused (out of range, not text, not a date): the input rules should have caught
      // it first, so it is logged; the client still gets a 400, and the transaction was rolled back.
      this.logger.warn({ err: exception }, 'Input reached the database and was refused');
      return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: 'A value in the request cannot be stored' };
    }
    return { statusCode: 500, code: ErrorCode.INTERNAL, message: 'Internal server error' };
  }
}

/**
 * PostgreSQL's class 22, "data exception" (22P02 invalid text representation, 22003 numeric value out of
 * range, 22008 datetime field overflow, 22021 character not in repertoire …): the value sent, not the server.
 */
function isDataException(e: unknown): boolean {
  const driverError = (e as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = driverError?.code ?? (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

function codeForStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
