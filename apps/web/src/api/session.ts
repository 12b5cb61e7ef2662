import type { components } from './schema';

export type Tokens = components['schemas']['TokensDto'];
interface Stored {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

const KEY = 'pc.session';
const listeners = new Set<() => void>();

function read(): Stored | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

let current: Stored | null = read();

/**
 * The signed-in session: the access token and the single-use refresh token, kept in localStorage
 * so a reload or a second tab stays signed in. Components subscribe through `useSession`.
 */
export const session = {
  get: (): Stored | null => current,
  signedIn: (): boolean => current !== null,
  set(tokens: Tokens, now = Date.now()): void {
    current = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: now + tokens.expiresIn * 1000 };
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
  },
  clear(): void {
    current = null;
    globalThis.localStorage?.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab signed in, refreshed or signed out.
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key !== KEY) return;
  current = read();
  listeners.forEach((l) => l());
});
