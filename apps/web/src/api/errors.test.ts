import { describe, expect, it } from 'vitest';
import { ApiError, asApiError, fieldErrors } from './errors';

describe('fieldErrors', () => {
  const error = ApiError.from(400, {
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: 'Request validation failed',
    details: [
      { field: 'signature.signerTitle', messages: ['signerTitle should not be empty'] },
      { field: 'signature.authority', messages: ['authority must be one of', 'the listed forms'] },
      { field: 'expectedVersion', messages: ['expectedVersion must be an integer'] },
    ],
  });

  it('puts each message on the form field it names, under a prefix', () => {
    const { byField, other } = fieldErrors(error, ['authority', 'onBehalfOf', 'signerTitle'], 'signature.');
    expect(byField).toEqual({ signerTitle: 'signerTitle should not be empty', authority: 'authority must be one of; the listed forms' });
    expect(other).toEqual(['expectedVersion: expectedVersion must be an integer']);
  });

  it('maps nothing for other errors', () => {
    expect(fieldErrors(ApiError.from(409, { code: 'STALE_VERSION', message: '' }), ['comment'])).toEqual({ byField: {}, other: [] });
    expect(fieldErrors(new Error('boom'), ['comment'])).toEqual({ byField: {}, other: [] });
  });
});

describe('asApiError', () => {
  it('keeps the code of an API error and names network failures and bugs', () => {
    expect(asApiError(ApiError.from(404, { code: 'NOT_FOUND', message: 'Plan not found' })).code).toBe('NOT_FOUND');
    expect(asApiError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
    expect(asApiError(new Error('bug')).code).toBe('INTERNAL');
    expect(ApiError.from(502, '<html>').code).toBe('INTERNAL');
  });
});
