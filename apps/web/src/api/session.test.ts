import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, refreshSession } from './client';
import { session } from './session';

const tokens = (n: number, expiresIn = 900) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn, tokenType: 'Bearer' as const });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the session and token refresh', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    session.clear();
  });

  it('refreshes once for many callers and keeps the new pair', async () => {
    session.set(tokens(1));
    const fetch = vi.fn(async () => json(200, tokens(2)));
    vi.stubGlobal('fetch', fetch);
    const results = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(results).toEqual([true, true, true]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(session.get()?.accessToken).toBe('access-2');
    expect(JSON.parse(localStorage.getItem('pc.session')!).refreshToken).toBe('refresh-2');
  });

  it('ends the session when the refresh token is refused', async () => {
    session.set(tokens(1));
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Invalid refresh token' })));
    expect(await refreshSession()).toBe(false);
    expect(session.signedIn()).toBe(false);
  });

  it('retries a request that met a 401 with the refreshed token, so the page keeps its work', async () => {
    session.set(tokens(1));
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request | string) => {
        const request = input instanceof Request ? input : new Request(input);
        if (request.url.endsWith('/auth/refresh')) return json(200, tokens(2));
        seen.push(request.headers.get('authorization') ?? '');
        return request.headers.get('authorization') === 'Bearer access-2' ? json(200, { id: 'u', username: 'x', displayName: 'X', memberships: [] }) : json(401, { code: 'UNAUTHENTICATED' });
      }),
    );
    const { data, response } = await api.GET('/auth/me');
    expect(response.status).toBe(200);
    expect(data?.username).toBe('x');
    expect(seen).toEqual(['Bearer access-1', 'Bearer access-2']);
  });
});
