import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../errors/error-code.js';

export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.VALIDATION_FAILED })
  code: ErrorCode;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;

  @ApiPropertyOptional({
    description: 'For VALIDATION_FAILED: [{ field, messages }] per bad field; otherwise code-specific.',
    example: [{ field: 'name', messages: ['name should not be empty'] }],
  })
  details?: unknown;
}

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.VALIDATION_FAILED]: 'Malformed JSON, wrong types, unknown fields or bad ids',
  [ErrorCode.UNAUTHENTICATED]: 'Missing, invalid or expired token',
  [ErrorCode.FORBIDDEN]: 'The caller sees the resource but its roles do not allow this',
  [ErrorCode.NOT_FOUND]: 'No such resource, or it is outside the caller\'s scope',
  [ErrorCode.CONFLICT]: 'The request conflicts with the current state',
  [ErrorCode.TOO_MANY_ATTEMPTS]: 'Too many failed attempts; see Retry-After',
  [ErrorCode.STALE_VERSION]: 'expectedVersion is not the current version; details.currentVersion',
  [ErrorCode.EVENT_NOT_ALLOWED]: 'The current state does not accept the event; details.state and details.allowed',
  [ErrorCode.GUARD_FAILED]: 'A rule refused the event; details.rules lists every rule that failed',
  [ErrorCode.NOT_A_PLAN]: 'The document was read but is not a plan; details.recognised lists what was found',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'The body or the uploaded file is larger than allowed',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'The body, or the uploaded file, is not of a type this route reads; details.reason',
};

/** Documents the error responses of a route, all in the one error shape. */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        type: ErrorResponseDto,
        description: group.map((c) => `${c}: ${DESCRIPTIONS[c] ?? c}`).join('; '),
      }),
    ),
  );
}

/**
 * What the input rules (input-rules.ts) add to every operation of the OpenAPI document, so it is written
 * once rather than on each route: an operation that reads a body may answer 400 (malformed, too deep,
 * unknown fields) and 415 (another media type).
 */
export function apiErrorDocs(document: OpenAPIObject): OpenAPIObject {
  const ref = { $ref: '#/components/schemas/ErrorResponseDto' };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>)) {
      if (!operation?.requestBody || !operation.responses) continue;
      operation.responses['400'] ??= { description: `${ErrorCode.VALIDATION_FAILED}: ${DESCRIPTIONS[ErrorCode.VALIDATION_FAILED]}`, content: { 'application/json': { schema: ref } } };
      operation.responses['415'] ??= {
        description: `${ErrorCode.UNSUPPORTED_MEDIA_TYPE}: the body is not of the media type this operation reads (see requestBody)`,
        content: { 'application/json': { schema: ref } },
      };
    }
  }
  return document;
}
