import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokensDto } from './auth.dto.js';

/** The browser session's refresh token: httpOnly (no script reads it), SameSite=Strict, sent only to the refresh path. */
export const REFRESH_COOKIE = 'pc_refresh';
export const REFRESH_COOKIE_PATH = '/auth/refresh';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Secure everywhere but on a loopback address, where a developer's http://localhost:3000 has no TLS. */
function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https' || !LOOPBACK.has(req.hostname);
}

/** The cookie is parsed here, on the one path that reads it (@fastify/cookie is registered without its hook). */
export function readRefreshCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = req.server.parseCookie(header)[REFRESH_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The cookie, written by @fastify/cookie's serializer (its reply hooks are off: nothing else sets cookies). */
function setCookie(req: FastifyRequest, res: FastifyReply, value: string, expires: Date, maxAge?: number): void {
  const options = { httpOnly: true, secure: secure(req), sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH, maxAge, expires };
  void res.header('Set-Cookie', req.server.serializeCookie(REFRESH_COOKIE, value, options));
}

/** Moves the refresh token from the answer into the cookie: the body carries the access token only. */
export function sendRefreshCookie(tokens: TokensDto, refreshTtlSeconds: number, req: FastifyRequest, res: FastifyReply): TokensDto {
  setCookie(req, res, tokens.refreshToken ?? '', new Date(Date.now() + refreshTtlSeconds * 1000), refreshTtlSeconds);
  const { refreshToken: _inCookie, ...rest } = tokens;
  return rest;
}

export function clearRefreshCookie(req: FastifyRequest, res: FastifyReply): void {
  setCookie(req, res, '', new Date(1));
}
