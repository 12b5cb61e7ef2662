import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error.js';
import { ERROR_STATUS, ErrorCode } from './error-code.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** HTTP statuses Nest or Express may raise themselves, mapped onto our codes. */
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

/** Errors from Express' body parser carry a status and a type but are not HttpExceptions. */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === 'object' && e !== null && typeof (e as BodyParserError).type === 'string' &&
    typeof (e as BodyParserError).status === 'number';
}

/** The one place where any error becomes an HTTP response of one shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): void {
    // Nest wraps an error raised in Express middleware (the input rules' body checks) in an HttpException.
    const exception = thrown instanceof HttpException && thrown.cause instanceof DomainError ? thrown.cause : thrown;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: req.url }, 'Unhandled error');
    }
    if (exception instanceof DomainError && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    }
    // The metrics middleware counts refusals by this code (res.locals lives as long as the response).
    res.locals.errorCode = body.code;
    res.status(body.statusCode).json(body);
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
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const message = exception.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : exception.message;
      return { statusCode: exception.status, code: codeForStatus(exception.status), message };
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
