/** Stable, machine-readable error codes. Clients branch on these, never on messages. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** The command named a version of the subject that is no longer current. */
  STALE_VERSION = 'STALE_VERSION',
  /** The subject's state does not accept this event. */
  EVENT_NOT_ALLOWED = 'EVENT_NOT_ALLOWED',
  /** The event is accepted in this state but a rule refused it; details list the rules. */
  GUARD_FAILED = 'GUARD_FAILED',
  /** An uploaded document was read but is not a plan (no title, or none of a plan's parts). */
  NOT_A_PLAN = 'NOT_A_PLAN',
  /** A registered document's number is already held by another plan of the issuer in the same numbering period. */
  NUMBER_TAKEN = 'NUMBER_TAKEN',
  /** A reorganisation breaks a rule taken as a whole (cycle, orphaned units, unmapped open work …); details list each problem. */
  REORGANISATION_INVALID = 'REORGANISATION_INVALID',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  /** An uploaded archive (a .docx) would inflate beyond the limits: too many entries, too many bytes or too high a ratio. Nothing was inflated. */
  ARCHIVE_TOO_LARGE = 'ARCHIVE_TOO_LARGE',
  /** An uploaded document could not be read within the reader's time or memory limit. */
  DOCUMENT_TOO_COMPLEX = 'DOCUMENT_TOO_COMPLEX',
  /** A quota is used up (a report's files); details say which and how much is left. */
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  /** The caller has too much work queued (PDF renders); retry after `Retry-After` seconds. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** No signing key is configured for the issuing unit (nor for the installation): ISSUE cannot sign. */
  SIGNING_KEY_MISSING = 'SIGNING_KEY_MISSING',
  /** The signing certificate is expired or not yet valid at the instant of ISSUE. */
  SIGNING_CERTIFICATE_NOT_VALID = 'SIGNING_CERTIFICATE_NOT_VALID',
  INTERNAL = 'INTERNAL',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.STALE_VERSION]: 409,
  [ErrorCode.EVENT_NOT_ALLOWED]: 409,
  [ErrorCode.GUARD_FAILED]: 422,
  [ErrorCode.NOT_A_PLAN]: 422,
  [ErrorCode.NUMBER_TAKEN]: 409,
  [ErrorCode.REORGANISATION_INVALID]: 422,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.TOO_MANY_ATTEMPTS]: 429,
  [ErrorCode.ARCHIVE_TOO_LARGE]: 413,
  [ErrorCode.DOCUMENT_TOO_COMPLEX]: 422,
  [ErrorCode.QUOTA_EXCEEDED]: 413,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.SIGNING_KEY_MISSING]: 409,
  [ErrorCode.SIGNING_CERTIFICATE_NOT_VALID]: 409,
  [ErrorCode.INTERNAL]: 500,
};
