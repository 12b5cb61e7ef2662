import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { INestApplication } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { apiErrorDocs, AppConfig, applyInputRules, Clock, ErrorCode, ErrorResponseDto, parseBytes, REQUEST_ID_HEADER, RequestLogging, requestIdOf } from '@app/core';
import { httpMetrics, metricsHandler } from '@app/metrics';
import { AppModule } from './app.module.js';
import { serveWebApp } from './web-app.js';

/** Builds the API exactly as it runs in production; the tests use this too (with a fake `clock`). */
export async function createApp(config: AppConfig, databaseUrl: string, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: parseBytes(config.bodyLimit),
    // Whose X-Forwarded-For names the client (sign-in throttling counts by address): configuration, never a guess.
    // (a number of hops too, which Fastify's types omit).
    trustProxy: config.trustProxy as boolean | string,
    // The id the log lines carry and X-Request-Id answers (libs/core/src/logging).
    genReqId: requestIdOf,
    // No Nest middleware (the request logging is a hook, below), so no @fastify/middie and its onRequest hook.
    skipMiddie: true,
    // As Express routed: paths match whatever their case (parameters keep theirs), a trailing slash is the same
    // path, and a long path parameter reaches the input rules (400), not a 404.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16_384 },
    // A path that does not decode to UTF-8 text (a lone surrogate, %ED%A0%80) is refused by the router itself: in the API's shape.
    frameworkErrors: (_error: Error, _req: FastifyRequest, reply: FastifyReply) => {
      (reply.raw as typeof reply.raw & { locals?: Record<string, unknown> }).locals = { errorCode: ErrorCode.VALIDATION_FAILED };
      const body = {
        statusCode: 400,
        code: ErrorCode.VALIDATION_FAILED,
        message: 'Request has values this API cannot accept',
        details: [{ field: 'path', messages: ['the path must be percent-encoded UTF-8 text'] }],
      };
      void reply.status(400).type('application/json; charset=utf-8').send(JSON.stringify(body));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl, clock), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that every response is counted and timed, whoever answers it.
  const metrics = httpMetrics();
  fastify.addHook('onRequest', metrics.onRequest);
  fastify.addHook('onResponse', metrics.onResponse);
  // The request's id (genReqId above, the one its log lines carry) on every answer.
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  // Prometheus text for a scraper that holds METRICS_TOKEN; without a token it is not served on this port.
  if (config.metrics.token) {
    const handle = metricsHandler(config.metrics.token);
    fastify.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/metrics',
      handler: async (req, reply) => {
        reply.hijack();
        await handle(req.raw, reply.raw);
      },
    });
  }
  // helmet's middleware, built once: @fastify/helmet rebuilt it (the CSP parsed again) on every request.
  const securityHeaders = helmet(SECURITY_HEADERS);
  fastify.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, done as (error?: unknown) => void));
  // Only the refresh path reads a cookie (the web app's refresh token): parsed there, on demand (refresh-cookie.ts).
  await app.register(fastifyCookie, { hook: false });
  // Size, depth, media type and storable text: the input rules, before any route (libs/core/src/http/input-rules.ts).
  applyInputRules(fastify, { bodyLimit: config.bodyLimit, bodyMaxDepth: config.bodyMaxDepth });
  // After the input rules (they replace Fastify's parsers): multipart bodies are read only by the upload routes' interceptors (libs/core/src/http/gated-upload.ts).
  await app.register(fastifyMultipart);
  // gzip or brotli for whoever asks (a 5,000-unit cascade: 2 MB of JSON, 0.36 MB on the wire); bodies under 1 KB and
  // types that do not compress (PDF, DOCX, images) go as they are.
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await serveWebApp(fastify, config.webDir);
  // The request log lines and the request's logging context: last of the onRequest hooks, where Nest's
  // middleware (through @fastify/middie) ran them before (libs/core/src/logging).
  fastify.addHook('onRequest', app.get(RequestLogging).onRequest);

  const document = apiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // init() ends with Fastify ready to serve (http-ready.ts).
  return app;
}

/**
 * Security headers on every answer (helmet): scripts only from this origin (the Vite build and Swagger UI
 * load theirs from files, none inline), no framing, nosniff on every answer (a report's file, a plan's
 * document, JSON: helmet's default), no referrer to other sites. Styles may be
 * inline: Mantine and Swagger UI set style attributes. No upgrade-insecure-requests: TLS is the proxy's
 * business, and a plain-http intranet install must keep loading its own assets.
 */
export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      scriptSrcAttr: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

/** The OpenAPI document of the API; also written without a database by `npm run gen:api` (scripts/openapi.ts). */
export function apiDocument(app: INestApplication): OpenAPIObject {
  return apiErrorDocs(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Plan cascade API')
      .setDescription(
        'Plans (kế hoạch) that cascade down an organisation tree. Every error has the shape of ErrorResponse, ' +
          'with a stable `code`. Lists are paged with `?limit=&cursor=`; follow `nextCursor` until it is null.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorResponseDto] },
  ));
}
