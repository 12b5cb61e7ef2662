import type { Request, Response } from 'express';
import type { TokensDto } from './auth.dto.js';

/** The browser session's refresh token: httpOnly (no script reads it), SameSite=Strict, sent only to the refresh path. */
export const REFRESH_COOKIE = 'pc_refresh';
export const REFRESH_COOKIE_PATH = '/auth/refresh';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Secure everywhere but on a loopback address, where a developer's http://localhost:3000 has no TLS. */
function secure(req: Request): boolean {
  return req.secure || !LOOPBACK.has(req.hostname);
}

export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Moves the refresh token from the answer into the cookie: the body carries the access token only. */
export function sendRefreshCookie(tokens: TokensDto, refreshTtlSeconds: number, req: Request, res: Response): TokensDto {
  res.cookie(REFRESH_COOKIE, tokens.refreshToken ?? '', {
    httpOnly: true,
    secure: secure(req),
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    maxAge: refreshTtlSeconds * 1000,
  });
  const { refreshToken: _inCookie, ...rest } = tokens;
  return rest;
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: secure(req), sameSite: 'strict', path: REFRESH_COOKIE_PATH });
}
