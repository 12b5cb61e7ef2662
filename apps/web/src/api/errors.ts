import type { components } from './schema';

export type ErrorBody = components['schemas']['ErrorResponseDto'];

/** An error answer of the API, with its stable code; the UI shows it translated (components/ApiErrorAlert). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const b = (body ?? {}) as Partial<ErrorBody>;
    return new ApiError(status, typeof b.code === 'string' ? b.code : status === 0 ? 'NETWORK' : 'INTERNAL', typeof b.message === 'string' ? b.message : '', b.details);
  }
}

/** The error as an ApiError: one from the API as it is, anything else (network, a bug) as NETWORK or INTERNAL. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError(0, 'NETWORK', error.message);
  return new ApiError(0, 'INTERNAL', error instanceof Error ? error.message : String(error));
}

/**
 * VALIDATION_FAILED's `details: [{ field, messages }]` as form errors: each field the form has gets
 * its messages (`signature.signerTitle` for a form field `signerTitle` under `prefix: 'signature.'`);
 * the rest are returned apart so the form can show them above itself.
 */
export function fieldErrors(error: unknown, fields: readonly string[], prefix = ''): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  const e = asApiError(error);
  if (e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.details)) return { byField, other };
  for (const detail of e.details as { field?: unknown; messages?: unknown }[]) {
    const field = typeof detail.field === 'string' ? detail.field : '';
    const messages = Array.isArray(detail.messages) ? detail.messages.filter((m): m is string => typeof m === 'string') : [];
    const name = field.startsWith(prefix) ? field.slice(prefix.length) : field;
    if (fields.includes(name)) byField[name] = [byField[name], ...messages].filter(Boolean).join('; ');
    else other.push(`${field}: ${messages.join('; ')}`);
  }
  return { byField, other };
}
