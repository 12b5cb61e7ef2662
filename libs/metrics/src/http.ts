import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countRefusal, exposition, httpDuration, httpRequests } from './metrics.js';

/** What the metrics read of a Fastify request: its method, its URL and the pattern of the route it matched. */
interface RoutedRequest {
  method: string;
  url: string;
  routeOptions?: { url?: string };
  raw: IncomingMessage;
}

/** Paths served outside Nest's router, labelled by their fixed prefix so a label never holds a raw URL. */
const STATIC_PREFIXES = ['/app', '/docs', '/docs-json', '/metrics'];

/**
 * The route pattern of a request (`/plans/:id/events`), never its raw URL, so that ids and query
 * strings cannot multiply the series: Nest's routes by their pattern, the web app and Swagger by
 * their prefix, anything else (404s, probes) as `unmatched`.
 */
export function routeOf(req: RoutedRequest): string {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (path === '/' || path === '/favicon.ico') return path;
  const prefix = STATIC_PREFIXES.find((p) => path === p || path.startsWith(`${p}/`));
  if (prefix) return path === prefix ? prefix : `${prefix}/*`;
  const pattern = req.routeOptions?.url;
  return typeof pattern === 'string' && pattern !== '' && !pattern.includes('*') ? pattern : 'unmatched';
}

/** The code of an error answered without the API's error filter (a static 404, the metrics endpoint's 401). */
const CODE_OF_STATUS: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 429: 'TOO_MANY_ATTEMPTS' };

const STARTED = Symbol('metricsStarted');

/** The Fastify hooks that count and time requests (onRequest: first, so every response is timed). */
export interface HttpMetricsHooks {
  onRequest(req: RoutedRequest, reply: unknown, done: () => void): void;
  onResponse(req: RoutedRequest, reply: { statusCode: number; raw: ServerResponse }, done: () => void): void;
}

/**
 * Counts and times every response by method, route pattern and status, and counts each error
 * response by its code — the one the error filter left in the response's `locals.errorCode`.
 */
export function httpMetrics(): HttpMetricsHooks {
  return {
    onRequest(req, _reply, done) {
      (req.raw as IncomingMessage & { [STARTED]?: bigint })[STARTED] = process.hrtime.bigint();
      done();
    },
    onResponse(req, reply, done) {
      const started = (req.raw as IncomingMessage & { [STARTED]?: bigint })[STARTED] ?? process.hrtime.bigint();
      const status = reply.raw.statusCode;
      const labels = { method: req.method ?? 'GET', route: routeOf(req), status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      if (status >= 400) {
        const code = (reply.raw as ServerResponse & { locals?: Record<string, unknown> }).locals?.errorCode;
        countRefusal(typeof code === 'string' ? code : (CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`)));
      }
      done();
    },
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics in Prometheus text format. With a `token`, only a request that sends
 * `Authorization: Bearer <token>` is answered (401 otherwise); the comparison takes the same time
 * whatever the guess. Without one, every request is answered: for a port of its own, inside the network.
 */
export function metricsHandler(token?: string) {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, code: string, message: string) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.end(JSON.stringify({ statusCode: status, code, message }));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'METHOD_NOT_ALLOWED', 'Only GET');
    if (expected) {
      const given = req.headers.authorization;
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) return send(401, 'UNAUTHENTICATED', 'The metrics token is required');
    }
    try {
      const { contentType, body } = await exposition();
      res.statusCode = 200;
      res.setHeader('Content-Type', contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(500, 'INTERNAL', 'The metrics could not be collected');
    }
  };
}
