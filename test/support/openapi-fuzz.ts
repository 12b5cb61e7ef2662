import { createHmac } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';

/**
 * The pieces of the OpenAPI-driven fuzz (test/input-fuzz.e2e-spec.ts): the operations read from the
 * server's own document, a "valid-looking" request per operation, and the kinds of bad input, each a
 * fast-check arbitrary over what to break and how.
 */

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Doc = { paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } };

export interface Parameter { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }
export interface Operation {
  method: string;
  path: string;
  params: Parameter[];
  /** The JSON body schema, when the operation takes JSON. */
  json?: Schema;
  multipart: boolean;
  /** Needs a bearer token (the document's `security` is not empty). */
  protected: boolean;
}

export function operationsOf(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema: Schema }>;
      ops.push({
        method,
        path,
        params: ((op.parameters ?? []) as Parameter[]).filter((p) => p.in !== 'header'),
        json: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
        protected: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return ops;
}

/** What a request is made of before it is serialised; mutations work on this. */
export interface Draft {
  pathParams: Record<string, string>;
  query: [string, string][];
  /** undefined: no body; a value: JSON.stringify'd, with raw JSON spliced in for RAW markers. */
  body?: unknown;
  /** Sent as it is (malformed JSON, other media types). */
  rawBody?: string | Buffer;
  contentType?: string | null;
  authorization?: string | null;
  raws?: Map<string, string>;
}

export interface WireRequest { method: string; path: string; headers: Record<string, string>; body?: Buffer }

const RAW = (i: number) => `\u0001raw${i}\u0001`;
/** An id no row has; fixed, so that a seed replays the same requests. */
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000f022';

/** Percent-encodes like encodeURIComponent, but a lone surrogate goes as its WTF-8 bytes (a hostile client may send them). */
export function pct(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const pair = u >= 0xd800 && u <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(text[i]);
  }
  return out;
}

export function serialise(op: Operation, draft: Draft, token: string): WireRequest {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pct(draft.pathParams[name] ?? NO_SUCH_ID));
  const qs = draft.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
  const headers: Record<string, string> = {};
  const auth = draft.authorization === undefined ? `Bearer ${token}` : draft.authorization;
  if (auth !== null) headers.authorization = auth;
  let body: Buffer | undefined;
  if (draft.rawBody !== undefined) body = Buffer.isBuffer(draft.rawBody) ? draft.rawBody : Buffer.from(draft.rawBody, 'utf8');
  else if (draft.body !== undefined) {
    let text = JSON.stringify(draft.body);
    for (const [marker, raw] of draft.raws ?? []) text = text.replace(JSON.stringify(marker), raw);
    body = Buffer.from(text, 'utf8');
  }
  const type = draft.contentType === undefined ? (body ? 'application/json' : undefined) : draft.contentType;
  if (type) headers['content-type'] = type;
  return { method: op.method.toUpperCase(), path: qs ? `${path}?${qs}` : path, headers, body };
}

export interface WireResponse { status: number; text: string; contentType: string }

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function send(server: Server, req: WireRequest): Promise<WireResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

// ---------------------------------------------------------------------------------------------------
// Valid-looking values from the schemas

export interface Ids { unit: string; issuer: string; plan: string; user: string }

export function resolve(doc: Doc, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = doc.components.schemas[String(s.$ref).split('/').pop()!] ?? {};
  if (s.allOf) return { ...resolve(doc, s.allOf[0]), ...(s.nullable ? { nullable: true } : {}) };
  return s;
}

const isDateField = (name: string, s: Schema) =>
  s.format === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(String(s.example ?? '')) || /(On|Date)$/.test(name);

function idFor(name: string, ids: Ids): string {
  if (name === 'issuerUnitId') return ids.issuer;
  if (/unit/i.test(name) || name === 'parentId') return ids.unit;
  if (/plan/i.test(name)) return ids.plan;
  if (/user/i.test(name)) return ids.user;
  return NO_SUCH_ID;
}

export function exampleOf(doc: Doc, schema: Schema | undefined, name: string, ids: Ids, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.enum) return s.enum[0];
  if (s.type === 'array') return depth > 4 ? [] : [exampleOf(doc, s.items, name, ids, depth + 1)];
  if (s.type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (depth > 4) break;
      out[key] = exampleOf(doc, prop, key, ids, depth + 1);
    }
    return out;
  }
  if (s.type === 'integer' || s.type === 'number') return typeof s.example === 'number' ? s.example : (s.minimum ?? 1);
  if (s.type === 'boolean') return false;
  if (s.format === 'uuid') return idFor(name, ids);
  if (isDateField(name, s)) return '2026-03-02';
  if (typeof s.example === 'string') return s.example;
  return 'fuzz';
}

/** Each leaf and inner node of a body with its schema: what a mutation may replace. */
export interface Slot { path: (string | number)[]; name: string; schema: Schema }

export function slotsOf(doc: Doc, schema: Schema | undefined, value: unknown, path: (string | number)[] = [], name = ''): Slot[] {
  const s = resolve(doc, schema);
  const here: Slot[] = path.length ? [{ path, name, schema: s }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => slotsOf(doc, s.items, v, [...path, i], name))];
  if (value && typeof value === 'object') {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    return [...here, ...Object.entries(value).flatMap(([k, v]) => slotsOf(doc, props[k], v, [...path, k], k))];
  }
  return here;
}

export function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

export function deleteAt(root: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (Array.isArray(node)) node.splice(Number(path[path.length - 1]), 1);
  else delete node[path[path.length - 1]];
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// Tokens

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function jwt(header: object, payload: object, secret: string | null): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return secret === null ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** Every way a request may carry no valid token. */
export function badTokens(validToken: string, secret: string, userId: string, nowSeconds: number): [string, string | null][] {
  const payload = { sub: userId, typ: 'access', iat: nowSeconds - 60, exp: nowSeconds + 600 };
  const [h, p, sig] = validToken.split('.');
  const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  return [
    ['missing', null],
    ['expired', `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, iat: nowSeconds - 7200, exp: nowSeconds - 3600 }, secret)}`],
    ['alg-none', `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, payload, null)}`],
    ['wrong-signature', `Bearer ${h}.${p}.${flipped}`],
    ['another-key', `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, payload, 'another-secret-that-is-long-enough-9876543210')}`],
    ['refresh-as-access', `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, typ: 'refresh' }, secret)}`],
    ['not-a-jwt', 'Bearer not.a.jwt'],
    ['wrong-scheme', `Basic ${Buffer.from('root:root-password-1').toString('base64')}`],
  ];
}

// ---------------------------------------------------------------------------------------------------
// The kinds of bad input

export const KINDS = [
  'malformed-json', 'wrong-types', 'nulls', 'missing-fields', 'unknown-fields', 'long-strings', 'deep-nesting',
  'nul-surrogates', 'impossible-dates', 'numbers', 'bad-ids', 'content-types', 'query', 'tokens',
] as const;
export type Kind = (typeof KINDS)[number];

/** What the response to a mutated request must be, beyond "a 4xx in the one error shape, or a 2xx". */
export interface Expectation {
  /** Only these statuses are right (e.g. 415 for another media type). */
  statuses?: number[];
  /** Must not be a success: the request is wrong, whatever the server's state. */
  refused?: boolean;
}

export interface Mutation { label: string; apply(draft: Draft): Draft; expect: Expectation }

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const withRaw = (draft: Draft, path: (string | number)[], raw: string): Draft => {
  const raws = new Map(draft.raws ?? []);
  const marker = RAW(raws.size);
  raws.set(marker, raw);
  return { ...draft, body: setAt(draft.body, path, marker), raws };
};

const BAD_STRINGS = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', 'Quận\u0000 ủy', '\ud83d'),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc01'), fc.string({ maxLength: 8 })).map((p) => p.join('')),
);
const IMPOSSIBLE_DATES = fc.constantFrom('2027-02-30', '2027-13-01', '2027-00-10', '2027-04-31', '2026-02-29', '2100-02-29', '0000-00-00', '2027-1-1', '2027-02-29T00:00:00Z', '+275760-09-13');
const RAW_NUMBERS = fc.constantFrom('"NaN"', '1e309', '-1e309', '-0', '9007199254740993', '1.5', '-1', '2147483648', '1e-400', '"1"', '0x10');
const BAD_IDS = fc.oneof(
  fc.constantFrom('abc', '123', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', `${NO_SUCH_ID}\u0000`,
    "' OR 1=1 --", '..', '%00', NO_SUCH_ID.toUpperCase(), `${NO_SUCH_ID}x`, ' ', 'null', 'undefined', '{}', '[]'),
  fc.string({ minLength: 1, maxLength: 40 }),
);
/** Cursors no list issues: each must be refused. */
const BAD_CURSORS = fc.constantFrom('AAAA', '!!!', '%00', 'null', 'W10', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[null,null]').toString('base64url'),
  Buffer.from('["2027-02-30","abc"]').toString('base64url'), Buffer.from('["\u0000",1]').toString('base64url'),
  Buffer.from('[1e308,"zz"]').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z","not-a-uuid"]').toString('base64url'),
  Buffer.from('["a","b","c"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url'));
/** Random cursors: mostly malformed, but one may happen to have a list's shape (["YW"] is a cascade path), so never a 5xx is all that is asked. */
const RANDOM_CURSORS = fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double()), { minLength: 1, maxLength: 4 })
  .map((a) => Buffer.from(JSON.stringify(a)).toString('base64url'));
const WRONG_VALUES = fc.oneof(
  fc.constantFrom<unknown>(true, 0, -1, 'x', [], {}, [1], { a: 1 }, [null], ''),
  fc.jsonValue({ maxDepth: 2 }),
);

function slotsWhere(doc: Doc, op: Operation, draft: Draft, test: (s: Slot) => boolean): Slot[] {
  return slotsOf(doc, op.json, draft.body).filter(test);
}

const isString = (s: Slot) => s.schema.type === 'string' && !s.schema.enum;
const isNumber = (s: Slot) => s.schema.type === 'integer' || s.schema.type === 'number';
const isDate = (s: Slot) => s.schema.type === 'string' && isDateField(s.name, s.schema);
const isContainer = (s: Slot) => s.schema.type === 'array' || s.schema.type === 'object' || !!s.schema.properties;

/** The arbitrary of mutations of `kind` for `op`, or undefined when the kind does not apply. */
export function mutations(doc: Doc, op: Operation, base: Draft, kind: Kind, tokens: [string, string | null][]): fc.Arbitrary<Mutation> | undefined {
  const hasBody = op.method !== 'get' && op.method !== 'delete' && !op.multipart;
  const jsonBody = !!op.json && !op.multipart;
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathParams = op.params.filter((p) => p.in === 'path');
  const pick = <T>(items: T[]) => fc.nat({ max: items.length - 1 }).map((i) => items[i]);
  const refused: Expectation = { refused: true };

  switch (kind) {
    case 'malformed-json': {
      if (!hasBody) return undefined;
      const texts = fc.oneof(
        fc.constantFrom('{', '{"a":', '[', '{"a":1}}', 'nul', "{'a':1}", '{"a":1,}', '\u0000', '"\\ud800', '{"a":"\\u00"}', '{"a" 1}', '}{', '\ufeff{}x'),
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
      );
      return fc.oneof(
        texts.map((text) => ({ label: `body ${JSON.stringify(text)}`, apply: (d: Draft) => ({ ...d, rawBody: text }), expect: { statuses: [400] } })),
        fc.constant({ label: 'invalid UTF-8 bytes', apply: (d: Draft) => ({ ...d, rawBody: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), expect: {} }),
      );
    }
    case 'wrong-types': {
      if (!jsonBody) return undefined;
      const slots = slotsWhere(doc, op, base, () => true);
      const top = fc.constantFrom<unknown>([], 'x', 1, true, [{}]).map((v) => ({ label: `body ${JSON.stringify(v)}`, apply: (d: Draft) => ({ ...d, body: v }), expect: refused }));
      if (!slots.length) return top;
      return fc.oneof(top, fc.tuple(pick(slots), WRONG_VALUES).filter(([slot, v]) => v !== null && !fits(slot.schema, v)).map(([slot, v]) => ({
        label: `${slot.path.join('.')} = ${JSON.stringify(v)}`,
        apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, v) }),
        expect: refused,
      })));
    }
    case 'nulls': {
      if (!jsonBody) return undefined;
      const slots = slotsWhere(doc, op, base, () => true);
      const top = fc.constant({ label: 'body null', apply: (d: Draft) => ({ ...d, body: null }), expect: refused });
      if (!slots.length) return top;
      return fc.oneof(top, pick(slots).map((slot) => ({
        label: `${slot.path.join('.')} = null`,
        apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, null) }),
        expect: isContainer(slot) && !slot.schema.nullable ? { statuses: [400] } : {},
      })));
    }
    case 'missing-fields': {
      if (!jsonBody) return undefined;
      const slots = slotsWhere(doc, op, base, () => true);
      const empty = fc.constantFrom<unknown>({}, undefined).map((v) => ({
        label: v === undefined ? 'no body' : 'body {}',
        apply: (d: Draft) => ({ ...d, body: v, contentType: v === undefined ? null : undefined }),
        expect: {},
      }));
      if (!slots.length) return empty;
      return fc.oneof(empty, pick(slots).map((slot) => ({ label: `without ${slot.path.join('.')}`, apply: (d: Draft) => ({ ...d, body: deleteAt(d.body, slot.path) }), expect: {} })));
    }
    case 'unknown-fields': {
      if (!hasBody) return undefined;
      const extra = fc.oneof(
        fc.constantFrom<[string, unknown]>(['x', 1], ['__proto__', { admin: true }], ['constructor', { prototype: { admin: true } }], ['prototype', {}], ['', 1]),
        fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })),
      );
      return extra.filter(([key]) => !(key in (resolve(doc, op.json).properties ?? {}))).map(([key, value]) => ({
        label: `extra field ${JSON.stringify(key)}`,
        apply: (d: Draft) => {
          const body = d.body && typeof d.body === 'object' && !Array.isArray(d.body) ? { ...(d.body as object) } : {};
          const raws = new Map(d.raws ?? []);
          // `__proto__` as an own key needs JSON text: an object literal would set the prototype instead.
          const marker = RAW(raws.size);
          raws.set(`"${marker}":0`, `${JSON.stringify(key)}:${JSON.stringify(value)}`);
          return { ...d, body: { ...body, [marker]: 0 }, raws };
        },
        expect: { statuses: [400] },
      }));
    }
    case 'long-strings': {
      const strings = slotsWhere(doc, op, base, isString);
      const sizes = fc.constantFrom(1_000, 5_000, 20_000, 200_000, 2_000_000);
      const options: fc.Arbitrary<Mutation>[] = [];
      if (jsonBody && strings.length) {
        options.push(fc.tuple(pick(strings), sizes, fc.constantFrom('x', 'ệ', '😀')).map(([slot, n, ch]) => ({
          label: `${slot.path.join('.')} of ${n} × ${ch}`,
          apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, ch.repeat(n)) }),
          expect: n > 5_000 ? refused : {},
        })));
      }
      if (queryParams.length) {
        options.push(fc.tuple(pick(queryParams), fc.constantFrom(600, 3_000, 7_000)).map(([p, n]) => ({
          label: `?${p.name} of ${n}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, 'x'.repeat(n)]] }), expect: n > 1024 ? refused : {},
        })));
      }
      if (pathParams.length) {
        options.push(fc.tuple(pick(pathParams), fc.constantFrom(300, 3_000, 7_000)).map(([p, n]) => ({
          label: `/{${p.name}} of ${n}`, apply: (d: Draft) => ({ ...d, pathParams: { ...d.pathParams, [p.name]: 'a'.repeat(n) } }), expect: refused,
        })));
      }
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'deep-nesting': {
      if (!hasBody) return undefined;
      const depth = fc.constantFrom(100, 1_000, 20_000, 100_000);
      const containers = jsonBody ? slotsWhere(doc, op, base, () => true) : [];
      const options: fc.Arbitrary<Mutation>[] = [
        fc.tuple(depth, fc.boolean()).map(([n, arr]) => ({ label: `body nested ${n} deep`, apply: (d: Draft) => ({ ...d, rawBody: arr ? deep(n) : deepObject(n) }), expect: { statuses: [400, 413] } })),
      ];
      if (containers.length) {
        options.push(fc.tuple(pick(containers), depth).map(([slot, n]) => ({
          label: `${slot.path.join('.')} nested ${n} deep`, apply: (d: Draft) => withRaw(d, slot.path, deep(n)), expect: { statuses: [400, 413] },
        })));
      }
      return fc.oneof(...options);
    }
    case 'nul-surrogates': {
      const strings = slotsWhere(doc, op, base, isString);
      const options: fc.Arbitrary<Mutation>[] = [];
      if (jsonBody && strings.length) {
        options.push(fc.tuple(pick(strings), BAD_STRINGS).map(([slot, s]) => ({
          label: `${slot.path.join('.')} = ${JSON.stringify(s)}`, apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, s) }), expect: { statuses: [400] },
        })));
        options.push(fc.tuple(BAD_STRINGS).map(([s]) => ({
          label: `key ${JSON.stringify(s)}`,
          apply: (d: Draft) => ({ ...d, body: { ...(d.body as object), [s]: 'x' } }),
          expect: { statuses: [400] },
        })));
      }
      if (queryParams.length) {
        options.push(fc.tuple(pick(queryParams), BAD_STRINGS).map(([p, s]) => ({
          // A URL is decoded as UTF-8: a lone surrogate's bytes arrive as U+FFFD, which is text; NUL is refused.
          label: `?${p.name}=${JSON.stringify(s)}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, s]] }),
          expect: s.includes('\u0000') ? { statuses: [400] } : {},
        })));
      }
      if (pathParams.length) {
        options.push(fc.tuple(pick(pathParams), BAD_STRINGS).map(([p, s]) => ({
          label: `/{${p.name}}=${JSON.stringify(s)}`, apply: (d: Draft) => ({ ...d, pathParams: { ...d.pathParams, [p.name]: s } }),
          expect: s.includes('\u0000') ? { statuses: [400] } : {},
        })));
      }
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'impossible-dates': {
      const dates = jsonBody ? slotsWhere(doc, op, base, isDate) : [];
      const dateParams = queryParams.filter((p) => isDateField(p.name, resolve(doc, p.schema)) || ['from', 'to'].includes(p.name));
      const options: fc.Arbitrary<Mutation>[] = [];
      if (dates.length) {
        options.push(fc.tuple(pick(dates), IMPOSSIBLE_DATES).map(([slot, v]) => ({
          // Refused, though not always as 400: a date inside a part the request may not send is refused by another rule first.
          label: `${slot.path.join('.')} = ${v}`, apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, v) }), expect: refused,
        })));
      }
      if (dateParams.length) {
        options.push(fc.tuple(pick(dateParams), IMPOSSIBLE_DATES).map(([p, v]) => ({
          label: `?${p.name}=${v}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, v]] }), expect: refused,
        })));
      }
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'numbers': {
      const numbers = jsonBody ? slotsWhere(doc, op, base, isNumber) : [];
      const numberParams = queryParams.filter((p) => ['integer', 'number'].includes(resolve(doc, p.schema).type));
      const options: fc.Arbitrary<Mutation>[] = [];
      if (numbers.length) {
        options.push(fc.tuple(pick(numbers), RAW_NUMBERS).map(([slot, raw]) => ({
          label: `${slot.path.join('.')} = ${raw}`, apply: (d: Draft) => withRaw(d, slot.path, raw),
          expect: ['1e309', '-1e309', '9007199254740993', '0x10', '"NaN"'].includes(raw) ? { statuses: [400] } : {},
        })));
      }
      if (numberParams.length) {
        options.push(fc.tuple(pick(numberParams), fc.constantFrom('NaN', '1e309', '-0', '9007199254740993', '1.5', '-1', '0x10', 'Infinity', '', ' 1', '1e2')).map(([p, v]) => ({
          label: `?${p.name}=${v}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, v]] }), expect: {},
        })));
      }
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'bad-ids': {
      const uuidSlots = jsonBody ? slotsWhere(doc, op, base, (s) => s.schema.format === 'uuid') : [];
      const uuidParams = queryParams.filter((p) => resolve(doc, p.schema).format === 'uuid');
      const options: fc.Arbitrary<Mutation>[] = [];
      if (pathParams.length) {
        options.push(fc.tuple(pick(pathParams), BAD_IDS).map(([p, v]) => ({
          label: `/{${p.name}}=${JSON.stringify(v)}`, apply: (d: Draft) => ({ ...d, pathParams: { ...d.pathParams, [p.name]: v } }), expect: {},
        })));
      }
      if (uuidSlots.length) {
        options.push(fc.tuple(pick(uuidSlots), BAD_IDS).map(([slot, v]) => ({
          label: `${slot.path.join('.')} = ${JSON.stringify(v)}`, apply: (d: Draft) => ({ ...d, body: setAt(d.body, slot.path, v) }), expect: {},
        })));
      }
      if (uuidParams.length) {
        options.push(fc.tuple(pick(uuidParams), BAD_IDS).map(([p, v]) => ({
          label: `?${p.name}=${JSON.stringify(v)}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, v]] }), expect: {},
        })));
      }
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'content-types': {
      if (op.method === 'get') return undefined;
      const types = fc.constantFrom(
        ['text/plain', 'name=x'], ['application/x-www-form-urlencoded', 'name=x&title=y'], ['application/xml', '<a>1</a>'],
        ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--zz--\r\n'],
        ['multipart/form-data', 'garbage'], ['application/octet-stream', '\u0000\u0001'], [null, '{"name":"x"}'],
        ['text/json', '{"name":"x"}'], ['application/json; charset=latin1', '{}'], ['image/png', '\u0089PNG'],
      );
      return types.map(([type, text]) => {
        const json = type !== null && /^application\/json/.test(type);
        const multipart = type !== null && type.startsWith('multipart/');
        // A JSON route refuses every other media type with 415; an upload route refuses JSON the same way.
        // A multipart body on an upload route is judged after who may upload there (authorisation comes
        // before the body is read: docs/security.md), so a made-up or closed subject answers 403/404/409 first.
        const statuses = op.multipart ? (multipart ? [400, 403, 404, 409, 413, 415] : [415]) : json ? [415] : [415];
        return { label: `content-type ${type}`, apply: (d: Draft) => ({ ...d, rawBody: text, contentType: type }), expect: { statuses } };
      });
    }
    case 'query': {
      const options: fc.Arbitrary<Mutation>[] = [
        fc.constantFrom<[string, string]>(['x', '1'], ['a[b]', 'c'], ['__proto__[x]', '1'], ['\u0000', '1']).map(([k, v]) => ({
          label: `unknown ?${k}`, apply: (d: Draft) => ({ ...d, query: [...d.query, [k, v] as [string, string]] }), expect: queryParams.length ? {} : {},
        })),
      ];
      if (queryParams.length) {
        options.push(fc.tuple(pick(queryParams), fc.constantFrom('a', '1', '')).map(([p, v]) => ({
          label: `?${p.name} twice`, apply: (d: Draft) => ({ ...d, query: [...d.query, [p.name, v] as [string, string], [p.name, v] as [string, string]] }), expect: {},
        })));
        options.push(fc.tuple(pick(queryParams), fc.string({ maxLength: 20 })).map(([p, v]) => ({
          label: `?${p.name}=${JSON.stringify(v)}`, apply: (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== p.name), [p.name, v]] }), expect: {},
        })));
      }
      if (queryParams.some((p) => p.name === 'cursor')) {
        const withCursor = (c: string) => (d: Draft) => ({ ...d, query: [...d.query.filter(([k]) => k !== 'cursor'), ['cursor', c] as [string, string]] });
        options.push(BAD_CURSORS.map((c) => ({ label: `?cursor=${c}`, apply: withCursor(c), expect: refused })));
        options.push(RANDOM_CURSORS.map((c) => ({ label: `?cursor=${c}`, apply: withCursor(c), expect: {} })));
      }
      return fc.oneof(...options);
    }
    case 'tokens': {
      if (!op.protected) return undefined;
      return fc.constantFrom(...tokens).map(([label, authorization]) => ({
        label: `token ${label}`, apply: (d: Draft) => ({ ...d, authorization }), expect: { statuses: [401] },
      }));
    }
  }
}

/** Whether a value would be valid for a schema's type (so a "wrong type" mutation is really wrong). */
function fits(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    default: return schema.properties ? typeof value === 'object' && value !== null && !Array.isArray(value) : true;
  }
}
