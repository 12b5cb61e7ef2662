import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';
import { session, type Tokens } from './session';

/** Refresh this long before the access token expires, so a request rarely meets a 401. */
const REFRESH_MARGIN_MS = 30_000;

let refreshing: Promise<boolean> | null = null;

/**
 * One refresh at a time across tabs: they share the refresh cookie, and a token presented twice ends
 * every session of the account. After waiting, the browser sends whichever cookie is current.
 */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  // The lock's promise settles with what `work` settles with.
  return locks ? (locks.request('pc.refresh', work) as unknown as Promise<T>) : work();
}

/**
 * Trades the refresh cookie for a new access token (POST /auth/refresh, single use; the API sets the
 * next cookie), once at a time: the requests that need it wait for the same exchange. False when
 * there is no session (never signed in, signed out, expired) — also how a reload finds out.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= oneAtATime(async () => {
    const res = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    }).catch(() => null);
    if (!res?.ok) {
      if (res && res.status >= 400 && res.status < 500) session.clear();
      return false;
    }
    session.set((await res.json()) as Tokens);
    return true;
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Signs out: the API revokes the cookie's refresh token and clears the cookie; the other tabs follow. */
export async function signOut(): Promise<void> {
  await fetch('/auth/refresh', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
  session.clear(true);
}

const retries = new WeakMap<Request, Request>();
/** The calls that trade credentials for tokens carry none, and a 401 from them is an answer, not an expiry. */
const TOKEN_CALLS = new Set(['/auth/login', '/auth/refresh', '/auth/logout']);
const isTokenCall = (url: string) => TOKEN_CALLS.has(new URL(url, 'http://x').pathname);

/** Bearer token on every call; a token about to expire is refreshed first, and a 401 is retried once after a refresh. */
const auth: Middleware = {
  async onRequest({ request }) {
    if (isTokenCall(request.url)) return request;
    const stored = session.get();
    if (stored && stored.expiresAt - Date.now() < REFRESH_MARGIN_MS) await refreshSession();
    const token = session.get()?.accessToken;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    retries.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || isTokenCall(request.url)) return response;
    const copy = retries.get(request);
    if (!copy || !(await refreshSession())) {
      session.clear();
      return response;
    }
    const retry = new Request(copy, { headers: new Headers(copy.headers) });
    retry.headers.set('Authorization', `Bearer ${session.get()!.accessToken}`);
    return fetch(retry);
  },
};

// fetch looked up at each call, not captured once, so tests can stand in for the network.
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** An openapi-fetch result as its data, or thrown as an ApiError (what react-query and the error component expect). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw ApiError.from(response.status, error);
  return data as T;
}

/**
 * Saves a file the API serves behind the bearer token (a PDF, a CSV) under the name it gives:
 * `download(api.GET('/plans/{id}/document.pdf', { params, parseAs: 'blob' }), 'plan.pdf')`.
 */
export async function download(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<void> {
  const { response } = await call;
  const blob = await unwrap(call);
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
