import type { components } from './schema';

export type Tokens = components['schemas']['TokensDto'];
interface Current {
  accessToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

// Tabs tell each other when the session ends; each keeps its own access token.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('pc.session');

let current: Current | null = null;

/**
 * The signed-in session: the access token, in this tab's memory only (never in storage a script
 * could read later). The refresh token lives in an httpOnly cookie the API sets, so a reload or a
 * second tab signs in again by one refresh. Components subscribe through `useSyncExternalStore`.
 */
export const session = {
  get: (): Current | null => current,
  signedIn: (): boolean => current !== null,
  set(tokens: Pick<Tokens, 'accessToken' | 'expiresIn'>, now = Date.now()): void {
    current = { accessToken: tokens.accessToken, expiresAt: now + tokens.expiresIn * 1000 };
    notify();
  },
  /** Ends the session here, and with `everywhere` in the other tabs too (signed out). */
  clear(everywhere = false): void {
    current = null;
    if (everywhere) channel?.postMessage('signed-out');
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

channel?.addEventListener('message', (event: MessageEvent) => {
  if (event.data !== 'signed-out' || current === null) return;
  current = null;
  notify();
});
