import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_PREFIX = '/app';

/** apps/web/dist of the repository, whether this runs from source (apps/api/src) or from dist/apps/api/src. */
function defaultWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dir, 'apps', 'web', 'dist');
}

/** The answer for a path under /app/ with nothing to serve: the API's error shape. */
function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.status(404).type('application/json; charset=utf-8').send(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message }));
}

/**
 * The web app's static files under /app/, and index.html for its client routes (a path with no
 * file extension), so a bookmarked /app/secretary?tab=returned opens; `/` goes to /app/. Hashed
 * assets are cached for good, index.html never; `/favicon.ico` is the web app's icon. API paths are untouched.
 */
export async function serveWebApp(fastify: FastifyInstance, webDir = defaultWebDir()): Promise<void> {
  const root = resolve(webDir);
  const index = join(root, 'index.html');
  const favicon = join(root, 'favicon.ico');
  // Only `reply.sendFile` (ranges, ETag, Last-Modified, HEAD); the routes are these, so a missing file answers in the API's shape.
  await fastify.register(fastifyStatic, {
    root,
    serve: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const atRoot = reply.request.url.split('?')[0] === '/favicon.ico';
      reply.header('Cache-Control', atRoot ? 'public, max-age=86400' : path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/', (_req, reply) => reply.redirect(`${WEB_PREFIX}/`, 302));
  // Browsers ask for /favicon.ico at the root whatever the page links: the web app's own icon.
  fastify.get('/favicon.ico', (_req, reply) => {
    if (!existsSync(favicon)) return notFound(reply, 'No such file');
    return reply.sendFile('favicon.ico');
  });
  const page = (req: FastifyRequest, reply: FastifyReply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]);
    } catch {
      return notFound(reply, 'No such file');
    }
    // The folder without its slash, as a static file server answers it.
    if (path === WEB_PREFIX && existsSync(root)) {
      const query = req.url.indexOf('?');
      return reply.redirect(`${WEB_PREFIX}/${query === -1 ? '' : req.url.slice(query)}`, 301);
    }
    if (/\.[A-Za-z0-9]+$/.test(path)) {
      const file = resolve(root, `.${path.slice(WEB_PREFIX.length)}`);
      if (file.startsWith(`${root}/`) && existsSync(file)) return reply.sendFile(file.slice(root.length + 1));
      return notFound(reply, existsSync(index) ? 'No such file' : 'The web app is not built: run `npm run build -w apps/web`');
    }
    if (!existsSync(index)) return notFound(reply, 'The web app is not built: run `npm run build -w apps/web`');
    return reply.sendFile('index.html');
  };
  fastify.get(WEB_PREFIX, page);
  fastify.get(`${WEB_PREFIX}/*`, page);
}
