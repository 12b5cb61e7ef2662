import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { DomainError, FieldError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { SWAGGER_METADATA } from './swagger-metadata.js';

/**
 * The input rules (issue 13), in one place; docs/input-rules.md says what a client sees.
 *
 * 1. Body size and nesting depth are decided on the raw bytes, before JSON.parse or anything recursive
 *    runs: over BODY_LIMIT is 413, deeper than BODY_MAX_DEPTH is 400 (`details[0].field` = `body`);
 *    JSON is UTF-8 (another charset is 415).
 * 2. Every string of a body, query or path (keys too) must be storable by PostgreSQL: no NUL, no lone
 *    UTF-16 surrogate; numbers must be finite and, when whole, exact (|n| ≤ 2^53 − 1); `__proto__`,
 *    `constructor` and `prototype` are never field names. Refused as VALIDATION_FAILED naming the field.
 * 3. A body is JSON unless the route declares another media type with `@ApiConsumes(...)` (the uploads:
 *    `@ApiConsumes('multipart/form-data')`); any other media type, or a body without one, is 415.
 * 4. A route without `@Body()` takes no fields: a non-empty body is VALIDATION_FAILED, like an unknown
 *    field anywhere else; a route with `@Body()` takes a JSON object, not an array or a scalar.
 * (Real calendar dates and `null` for lists and objects are the validation pipe's: validation.ts.)
 */

/** The one media type a route reads when it declares none. */
export const JSON_MEDIA_TYPE = 'application/json';
/** Longest query value or path parameter: a cursor is at most 512, a search text 200, an id 36. */
export const MAX_URL_VALUE = 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface InputLimits {
  /** bytes notation: '1mb'. */
  bodyLimit: string;
  /** Deepest nesting of arrays and objects in a JSON body. */
  bodyMaxDepth: number;
}

/**
 * How deep the JSON text nests, counted on its bytes, stopping as soon as `max` is passed: linear, no
 * recursion, no allocation. A string is skipped with indexOf (memchr) to its closing quote, one not
 * escaped by an odd run of backslashes; UTF-8 multi-byte sequences never contain `[{}]"\`.
 */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) {
      let end = bytes.indexOf(0x22, i + 1);
      while (end !== -1 && escaped(bytes, end)) end = bytes.indexOf(0x22, end + 1);
      if (end === -1) return false; // unterminated: JSON.parse will refuse it
      i = end;
    } else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) return true;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return false;
}

/** Whether the quote at `at` is preceded by an odd number of backslashes. */
function escaped(bytes: Uint8Array, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && bytes[at - n - 1] === 0x5c) n++;
  return n % 2 === 1;
}

// Node 20 has String.prototype.isWellFormed/toWellFormed (ES2024); the project's TypeScript lib is ES2023.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (text: string) => (text as Es2024String).isWellFormed();
/** For naming a field in an error: lone surrogates become U+FFFD, NUL becomes `\0`. */
const printable = (text: string) => (text as Es2024String).toWellFormed().replaceAll('\u0000', '\\0');

/** The first string the database cannot store, or that is not text: why, else undefined. */
export function badText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!isWellFormed(text)) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

/**
 * Every field of a parsed JSON value that breaks rule 2, with its dotted path. Recursion is bounded by
 * the depth check that ran on the bytes; at most `limit` fields are listed.
 */
export function badFields(value: unknown): FieldError[] {
  return anyBad(value) ? listBad(value) : [];
}

/** The fast pass every body takes: no paths built, no allocation. */
function anyBad(value: unknown): boolean {
  if (typeof value === 'string') return badText(value) !== undefined;
  if (typeof value === 'number') return !Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value));
  if (Array.isArray(value)) {
    for (const item of value) if (anyBad(item)) return true;
    return false;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (FORBIDDEN_KEYS.has(key) || badText(key) !== undefined || anyBad((value as Record<string, unknown>)[key])) return true;
    }
    // JSON.parse makes `__proto__` an own property that for…in does not list.
    return Object.hasOwn(value, '__proto__');
  }
  return false;
}

/** The slow pass, only for a body that has something to refuse: every bad field with its dotted path. */
function listBad(value: unknown, path = '', out: FieldError[] = [], limit = 20): FieldError[] {
  if (out.length >= limit) return out;
  const field = path || 'body';
  if (typeof value === 'string') {
    const why = badText(value);
    if (why) out.push({ field, messages: [`${field} ${why}`] });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ field, messages: [`${field} must be a finite number`] });
    else if (Number.isInteger(value) && !Number.isSafeInteger(value)) out.push({ field, messages: [`${field} must be at most 2^53 − 1 in size`] });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => listBad(item, path ? `${path}.${i}` : String(i), out, limit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const why = FORBIDDEN_KEYS.has(key) ? 'is not a field name this API accepts' : badText(key);
      if (why) out.push({ field: printable(at), messages: [`field name ${JSON.stringify(printable(key))} ${why}`] });
      else listBad(item, at, out, limit);
    }
  }
  return out;
}

/** Rule 2 for a query string or path parameters (strings, or lists of strings for a repeated key). */
export function badUrlValues(values: Record<string, unknown>, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const [key, value] of Object.entries(values)) {
    const keyWhy = badText(key) ?? (FORBIDDEN_KEYS.has(key) ? 'is not a parameter name this API accepts' : undefined);
    const name = printable(key);
    if (keyWhy) {
      out.push({ field: name, messages: [`${prefix} name ${keyWhy}`] });
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string') continue;
      const why = badText(item) ?? (item.length > MAX_URL_VALUE ? `must be at most ${MAX_URL_VALUE} characters` : undefined);
      if (why) out.push({ field: name, messages: [`${prefix} ${name} ${why}`] });
    }
  }
  return out;
}

/** `100kb`, `1mb`, `512` (bytes) as a number of bytes, 1024-based (the notation of the `bytes` package). */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*$/i.exec(text);
  if (!m) throw new Error(`Not a size: ${text}`);
  const unit = { b: 0, kb: 1, mb: 2, gb: 3, tb: 4 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * 1024 ** unit);
}

/** The charset parameter of a Content-Type, lower case; utf-8 when there is none. */
function charsetOf(header: string | undefined): string {
  const m = header ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header) : null;
  return m ? m[1].toLowerCase() : 'utf-8';
}

/**
 * Registers rules 1 and 2 on the Fastify instance: the JSON parser (size, depth, charset), a parser
 * for every other media type that reads nothing (rule 3 refuses it once the route is known), and a
 * check of the parsed body and the query string. Called by createApp before any route.
 */
export function applyInputRules(fastify: FastifyInstance, limits: InputLimits): void {
  const bodyLimit = parseBytes(limits.bodyLimit);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, bytes, done) => {
    // RFC 8259: JSON exchanged between systems is UTF-8; the depth scan reads UTF-8 bytes.
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return done(new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `JSON is read as UTF-8, not ${charset}`, { reason: 'charset', accepted: ['utf-8'] }), undefined);
    }
    const buffer = bytes as Buffer;
    if (jsonDepthExceeds(buffer, limits.bodyMaxDepth)) {
      return done(DomainError.validation('Request body nests too deep', [{ field: 'body', messages: [`must not nest arrays and objects deeper than ${limits.bodyMaxDepth} levels`] }]), undefined);
    }
    if (buffer.length === 0) return done(null, {});
    // Strict, as body-parser was: only an object or an array at the top.
    const text = buffer.toString('utf8');
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return done(new BadRequestException('Request body is not valid JSON'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadRequestException('Request body is not valid JSON'), undefined);
    }
  });
  // Any other media type (or none) is read by no one: the interceptor answers 415 once the route is known.
  // multipart/form-data has its own parser (@fastify/multipart), which reads the parts in the upload interceptor.
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  fastify.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const errors = badUrlValues(req.query as Record<string, unknown>, 'query parameter');
    if (req.body !== undefined) errors.push(...badFields(req.body));
    done(errors.length ? DomainError.validation('Request has values this API cannot accept', errors) : undefined);
  });
}

/** The media type of a request without its parameters, lower case; undefined when it has none. */
function mediaTypeOf(req: FastifyRequest): string | undefined {
  const header = req.headers['content-type'];
  return header ? header.split(';')[0].trim().toLowerCase() : undefined;
}

/** A body is there when the request says it has one (RFC 9112 §6.3), as body-parser decides. */
function hasBody(req: FastifyRequest): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * Rules 3 and 4, and rule 2 for path parameters, which exist only once the route is known. Global, so it
 * runs before a route's own interceptors (FileInterceptor reads the upload after this has let it through).
 */
@Injectable()
export class InputRulesInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const paramErrors = badUrlValues((req.params ?? {}) as Record<string, unknown>, 'path parameter');
    if (paramErrors.length) throw DomainError.validation('Request has values this API cannot accept', paramErrors);
    if (!hasBody(req)) return next.handle();

    const consumes = this.reflector.getAllAndOverride<string[] | undefined>(SWAGGER_METADATA.consumes, [context.getHandler(), context.getClass()]);
    const accepted = (consumes?.length ? consumes : [JSON_MEDIA_TYPE]).map((t) => t.toLowerCase());
    const type = mediaTypeOf(req);
    if (!type || !accepted.includes(type)) {
      throw new DomainError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        type ? `This route reads ${accepted.join(' or ')}, not ${type}` : `The body has no Content-Type; this route reads ${accepted.join(' or ')}`,
        { reason: 'media type', accepted },
      );
    }
    if (type === JSON_MEDIA_TYPE) this.checkJsonBody(context, req.body);
    return next.handle();
  }

  private checkJsonBody(context: ExecutionContext, body: unknown): void {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, unknown>;
    const takesBody = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (!takesBody) {
      if (isObject && Object.keys(body).length === 0) return;
      const fields = isObject ? Object.keys(body) : ['body'];
      throw DomainError.validation('This route takes no body', fields.map((field) => ({ field, messages: [field === 'body' ? 'send no body, or {}' : `property ${field} should not exist`] })));
    }
    if (!isObject) throw DomainError.validation('Request body must be a JSON object', [{ field: 'body', messages: ['must be a JSON object'] }]);
  }
}
