import { Writable } from 'node:stream';
import pino from 'pino';
import { lazyRequestChildren } from './lazy-request-logger.js';

/** A pino logger writing to an array, with a `req` serializer that counts its calls. */
function logger(level: string) {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) });
  const calls = { req: 0 };
  const serializers = { req: (req: { method: string; url: string }) => (calls.req++, { method: req.method, url: req.url }) };
  const log = pino({ level, base: undefined, timestamp: false, serializers, redact: ['req.headers.authorization'] }, stream);
  return { log, lines, calls };
}

const req = { method: 'POST', url: '/plans/1/events', headers: { authorization: 'Bearer secret' } };

describe('lazyRequestChildren', () => {
  it('serialises nothing for a request whose logger only sees disabled levels', () => {
    const { log, lines, calls } = logger('warn');
    lazyRequestChildren(log);
    const child = log.child({ req });
    child.info({ res: { statusCode: 200 } }, 'request completed');
    child.debug('nothing');
    expect(calls.req).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes what an eager child writes, at an enabled level, and for a grandchild', () => {
    const eager = logger('warn');
    const lazy = logger('warn');
    lazyRequestChildren(lazy.log);
    for (const { log } of [eager, lazy]) {
      const child = log.child({ req });
      child.error({ res: { statusCode: 500 } }, 'request errored');
      child.child({ context: 'Plans' }).warn('slow');
      expect(child.bindings()).toEqual({ req: { method: 'POST', url: '/plans/1/events' } });
    }
    expect(lazy.lines).toEqual(eager.lines);
    expect(lazy.lines).toHaveLength(2);
    expect(lazy.calls.req).toBe(1);
  });

  it('leaves children without a request, or with options, as pino makes them', () => {
    const { log, lines } = logger('info');
    lazyRequestChildren(log);
    log.child({ context: 'Main' }).info('up');
    log.child({ req }, { level: 'error' }).warn('dropped');
    expect(lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg)).toEqual(['up']);
  });
});
