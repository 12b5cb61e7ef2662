import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { buildMessage, getMetadataStorage, isISO8601, ValidateBy, ValidationOptions } from 'class-validator';
import { DomainError, FieldError } from '../errors/domain-error.js';
import { SWAGGER_METADATA } from './swagger-metadata.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const CONTAINER_RULES = new Set(['nestedValidation', 'isArray', 'isObject']);
// `Object` is what TypeScript's metadata says for a union (`string | null`): unknown, so not taken for a container.
const SCALAR_TYPES: unknown[] = [String, Number, Boolean, Date, Object, 'string', 'number', 'integer', 'boolean'];
const containersByClass = new Map<Function, Set<string>>(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type

interface PropertySchema { nullable?: boolean; isArray?: boolean; type?: unknown }

/**
 * The properties of a DTO class that hold a list or an object, by their validators (IsArray, IsObject,
 * ValidateNested) or their OpenAPI schema (an array, an object, a class), and whose schema is not `nullable`.
 */
function nonNullableContainers(type: Function): Set<string> { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  let found = containersByClass.get(type);
  if (!found) {
    found = new Set();
    const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    for (const property of new Set(rules.map((rule) => rule.propertyName))) {
      const schema = Reflect.getMetadata(SWAGGER_METADATA.modelProperties, type.prototype, property) as PropertySchema | undefined;
      if (schema?.nullable) continue;
      const byRule = rules.some((rule) => rule.propertyName === property && (CONTAINER_RULES.has(rule.type) || CONTAINER_RULES.has(rule.name ?? '')));
      const bySchema = !!schema && (schema.isArray === true || schema.type === 'array' || schema.type === 'object' ||
        (typeof schema.type === 'function' && !SCALAR_TYPES.includes(schema.type)));
      if (byRule || bySchema) found.add(property);
    }
    containersByClass.set(type, found);
  }
  return found;
}

/**
 * `null` where a list or an object is expected (`"phases": null`): class-validator's @IsOptional lets it
 * through, so it is refused here, naming the field. Only a property documented `nullable` takes null
 * (`reportDuty: null` clears the report duty). Walks the validated DTO, whose depth the body rules bound.
 */
export function nullContainers(value: unknown, prefix = '', out: FieldError[] = []): FieldError[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => nullContainers(item, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object' && value.constructor !== Object) {
    const containers = nonNullableContainers(value.constructor);
    for (const [key, item] of Object.entries(value)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (item === null && containers.has(key)) out.push({ field, messages: [`${field} must be a list or an object, not null; leave it out instead`] });
      else nullContainers(item, field, out);
    }
  }
  return out;
}

/**
 * A DTO class may read a body it knows to be valid without class-transformer and class-validator:
 * `fastRead` returns the instance those would have made, or undefined for anything it is not sure
 * of (which then takes the full path, errors and all). For the small hot bodies (a lifecycle
 * event: a type and a version) the full path is most of the request's validation CPU.
 */
export interface FastReadable<T> {
  fastRead(body: unknown): T | undefined;
}

const fastReaderOf = (metatype: unknown): FastReadable<unknown> | undefined =>
  typeof metatype === 'function' && typeof (metatype as unknown as Partial<FastReadable<unknown>>).fastRead === 'function' ? (metatype as unknown as FastReadable<unknown>) : undefined;

/** Whitelisting, unknown fields refused, `null` only where the schema says nullable, every bad field listed in `details`. */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const read = fastReaderOf(metadata.metatype)?.fastRead(value);
      if (read !== undefined) return read;
    }
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body') {
      const nulls = nullContainers(result);
      if (nulls.length) throw DomainError.validation('Request validation failed', nulls);
    }
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => DomainError.validation('Request validation failed', flatten(errors)),
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** IsCalendarDate's test, for a DTO's fast read (FastReadable). */
export const isCalendarDate = (value: unknown): boolean => typeof value === 'string' && ISO_DATE.test(value) && isISO8601(value, { strict: true });

/**
 * A day of the calendar written YYYY-MM-DD that exists: `2027-02-30`, `2027-13-01` and `2026-02-29` are
 * refused, `2028-02-29` is not (validator's strict ISO 8601 check knows the leap years).
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: buildMessage((each) => `${each}$property must be a date of the calendar, YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

/** `@Param('id', UuidParam)`: a malformed id is a 400, never a database error. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    DomainError.validation('Path parameter must be a UUID', [{ field: 'id', messages: ['must be a UUID'] }]),
});
