import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { lazyRequestChildren } from './lazy-request-logger.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const REQUEST_ID = Symbol('requestId');

/**
 * The request's id, made once per request: a caller's id is kept when it is sane, so a request can be
 * followed across services. Fastify's `request.id` (genReqId) and the log lines' `req.id` are this one.
 */
export function requestIdOf(req: IncomingMessage): string {
  const known = (req as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID];
  if (known !== undefined) return known;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  (req as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] = id;
  return id;
}


const made = new WeakSet<object>();

/** Once the request middleware exists (it sets PinoLogger.root when the app initialises), its requests' loggers are made lazily. */
@Injectable()
class LazyRequestLoggers implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    const root = (PinoLogger as unknown as { root?: Logger }).root;
    if (!root || made.has(root)) return;
    made.add(root);
    lazyRequestChildren(root);
  }
}

@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            genReqId: requestIdOf,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
          },
        }),
      ],
      providers: [LazyRequestLoggers],
      exports: [LoggerModule],
    };
  }
}
