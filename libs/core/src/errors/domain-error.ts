import { ErrorCode } from './error-code.js';

/** A field that failed validation: where it is and what was wrong with it. */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * The one error type domain code throws. It carries a stable code; the HTTP status
 * is decided once, by the exception filter, from that code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After for throttling. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message = 'You may not do this'): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message);
  }

  static conflict(message: string, details?: unknown): DomainError {
    return new DomainError(ErrorCode.CONFLICT, message, details);
  }

  static validation(message: string, details: FieldError[]): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, message, details);
  }

  static unauthenticated(message = 'Authentication required'): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, message);
  }
}
