import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's id is kept when it is sane, so a request can be followed across services. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
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
            genReqId: requestId,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
