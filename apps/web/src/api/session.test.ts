import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, refreshSession, signOut } from './client';
import { session } from './session';

const tokens = (n: number, expiresIn = 900) => ({ accessToken: `access-${n}`, expiresIn, tokenType: 'Bearer' as const });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const asRequest = (input: Request | string, init?: RequestInit) => (input instanceof Request ? input : new Request(new URL(input, 'http://localhost'), init));

describe('the session and token refresh', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    session.clear();
    localStorage.clear();
  });

  it('refreshes once for many callers by the cookie, and keeps the new access token in memory only', async () => {
    session.set(tokens(1));
    const bodies: string[] = [];
    const fetch = vi.fn(async (input: Request | string, init?: RequestInit) => {
      const request = asRequest(input, init);
      bodies.push(await request.text());
      expect(request.credentials).toBe('same-origin');
      return json(200, tokens(2));
    });
    vi.stubGlobal('fetch', fetch);
    const results = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(results).toEqual([true, true, true]);
    expect(fetch).toHaveBeenCalledTimes(1);
    // No refresh token in the body: the httpOnly cookie carries it.
    expect(bodies).toEqual(['{}']);
    expect(session.get()?.accessToken).toBe('access-2');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('signs in again after a reload by the cookie alone, and stays out without one', async () => {
    expect(session.signedIn()).toBe(false);
    vi.stubGlobal('fetch', vi.fn(async () => json(200, tokens(3))));
    expect(await refreshSession()).toBe(true);
    expect(session.get()?.accessToken).toBe('access-3');
    session.clear();
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'No refresh token' })));
    expect(await refreshSession()).toBe(false);
    expect(session.signedIn()).toBe(false);
  });

  it('ends the session when the refresh token is refused', async () => {
    session.set(tokens(1));
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Invalid refresh token' })));
    expect(await refreshSession()).toBe(false);
    expect(session.signedIn()).toBe(false);
  });

  it('signs out by ending the cookie session on the server', async () => {
    session.set(tokens(1));
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request | string, init?: RequestInit) => {
        const request = asRequest(input, init);
        calls.push(`${request.method} ${new URL(request.url).pathname}`);
        return new Response(null, { status: 204 });
      }),
    );
    await signOut();
    expect(calls).toEqual(['DELETE /auth/refresh']);
    expect(session.signedIn()).toBe(false);
  });

  it('retries a request that met a 401 with the refreshed token, so the page keeps its work', async () => {
    session.set(tokens(1));
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request | string, init?: RequestInit) => {
        const request = asRequest(input, init);
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
