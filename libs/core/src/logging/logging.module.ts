import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Inject, Injectable, MiddlewareConsumer, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';
import { destination, type Logger } from 'pino';
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

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type RawRequest = IncomingMessage & { originalUrl?: string; id?: unknown; query?: unknown };

/**
 * pino-http and nestjs-pino's context binding as one Fastify `onRequest` hook. Mounted as a Nest
 * middleware they needed @fastify/middie, its URL normalisation and Nest's route matching on every
 * request, for the only middleware the API has. The two functions are nestjs-pino's own, taken from
 * its module as it would mount them (the same pino-http instance, the same `PinoLogger.root`), and
 * the request gets what middie gave them: so the log lines (`req.url`, `req.query`, `req.id`,
 * redaction, levels) and the logger every `PinoLogger`/`Logger` call in the request uses are unchanged.
 */
@Injectable()
export class RequestLogging {
  private readonly log: Middleware;
  private readonly bind: Middleware;

  constructor(@Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    let taken: Middleware[] = [];
    const consumer = { apply: (...middlewares: Middleware[]) => ((taken = middlewares), { forRoutes: () => consumer, exclude: () => ({ forRoutes: () => consumer }) }) };
    // An explicit forRoutes: the module never reads its ApplicationConfig then.
    new LoggerModule({ ...params, forRoutes: ['*'] }, undefined as unknown as ApplicationConfig).configure(consumer as unknown as MiddlewareConsumer);
    const [log, bind] = taken;
    if (!log || !bind) throw new Error('nestjs-pino did not give its request middlewares');
    this.log = log;
    this.bind = bind;
  }

  readonly onRequest = (req: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    const raw: RawRequest = req.raw;
    raw.originalUrl = raw.url;
    raw.id = req.id;
    raw.query = req.query;
    (raw as unknown as { log: unknown }).log = req.log;
    (reply.raw as unknown as { log: unknown }).log = req.log;
    // The rest of the request (parsing, guard, handler, filter) runs inside the context `bind` opens.
    this.log(raw, reply.raw, () => this.bind(raw, reply.raw, done as (error?: unknown) => void));
  };
}

@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level,
              genReqId: requestIdOf,
              redact: ['req.headers.authorization', 'req.headers.cookie'],
              customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
            },
            // Written as logged: pino's default buffer is written on libuv's threads, and at exit
            // what is left is written synchronously, so the last lines could overtake each other.
            destination({ dest: 1, sync: true }),
          ],
          // Mounted by no route: RequestLogging runs the same middlewares as a Fastify hook (create-app.ts).
          forRoutes: [],
        }),
      ],
      providers: [LazyRequestLoggers, RequestLogging],
      exports: [LoggerModule, RequestLogging],
    };
  }
}
