import type { INestApplication } from '@nestjs/common';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { apiErrorDocs, AppConfig, applyInputRules, Clock, ErrorResponseDto } from '@app/core';
import { httpMetrics, metricsHandler } from '@app/metrics';
import { AppModule } from './app.module.js';
import { serveWebApp } from './web-app.js';

/** Builds the API exactly as it runs in production; the tests use this too (with a fake `clock`). */
export async function createApp(config: AppConfig, databaseUrl: string, clock?: Clock): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // First, so that every response is counted and timed, whoever answers it.
  app.use(httpMetrics());
  // Prometheus text for a scraper that holds METRICS_TOKEN; without a token it is not served on this port.
  if (config.metrics.token) app.use('/metrics', metricsHandler(config.metrics.token));
  app.use(helmet(SECURITY_HEADERS));
  // Only the refresh path reads a cookie (the web app's refresh token); nothing else authenticates by one.
  app.use('/auth/refresh', cookieParser());
  // Size, depth, media type and storable text: the input rules, before any route (libs/core/src/http/input-rules.ts).
  applyInputRules(app, { bodyLimit: config.bodyLimit, bodyMaxDepth: config.bodyMaxDepth });
  // Whose X-Forwarded-For names the client (sign-in throttling counts by address): configuration, never a guess.
  app.set('trust proxy', config.trustProxy);
  // gzip for whoever asks (a 5,000-unit cascade: 2 MB of JSON, 0.36 MB on the wire); bodies under 1 KB and
  // types that do not compress (PDF, DOCX, images) go as they are.
  app.use(compression());
  serveWebApp(app, config.webDir);

  const document = apiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Security headers on every answer (helmet): scripts only from this origin (the Vite build and Swagger UI
 * load theirs from files, none inline), no framing, nosniff on every answer (a report's file, a plan's
 * document, JSON: helmet's default), no referrer to other sites. Styles may be
 * inline: Mantine and Swagger UI set style attributes. No upgrade-insecure-requests: TLS is the proxy's
 * business, and a plain-http intranet install must keep loading its own assets.
 */
export const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
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
