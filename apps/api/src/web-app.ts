import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

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

/**
 * The web app's static files under /app/, and index.html for its client routes (a path with no
 * file extension), so a bookmarked /app/secretary?tab=returned opens; `/` goes to /app/. Hashed
 * assets are cached for good, index.html never; `/favicon.ico` is the web app's icon. API paths are untouched.
 */
export function serveWebApp(app: NestExpressApplication, webDir = defaultWebDir()): void {
  const root = resolve(webDir);
  const index = join(root, 'index.html');
  const favicon = join(root, 'favicon.ico');
  app.useStaticAssets(root, {
    prefix: `${WEB_PREFIX}/`,
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') return res.redirect(302, `${WEB_PREFIX}/`);
    // Browsers ask for /favicon.ico at the root whatever the page links: the web app's own icon.
    if (req.path === '/favicon.ico' && existsSync(favicon)) {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      return res.sendFile(favicon);
    }
    if (req.path !== WEB_PREFIX && !req.path.startsWith(`${WEB_PREFIX}/`)) return next();
    if (/\.[A-Za-z0-9]+$/.test(req.path) || !existsSync(index)) {
      const message = existsSync(index) ? 'No such file' : 'The web app is not built: run `npm run build -w apps/web`';
      return res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message });
    }
    res.setHeader('Cache-Control', 'no-cache');
    return res.sendFile(index);
  });
}
