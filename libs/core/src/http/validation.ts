import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Whitelisting, unknown fields refused, every bad field listed in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => DomainError.validation('Request validation failed', flatten(errors)),
  });
}

/** `@Param('id', UuidParam)`: a malformed id is a 400, never a database error. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    DomainError.validation('Path parameter must be a UUID', [{ field: 'id', messages: ['must be a UUID'] }]),
});
