import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from './app-config.js';

/** The generated token secret's file inside the embedded cluster's directory (PostgreSQL ignores files it does not know). */
export const JWT_SECRET_FILE = 'plan-cascade.jwt-secret';

/**
 * The token secret kept with the embedded data: read from `<dataDir>/plan-cascade.jwt-secret`, or
 * made once (32 random bytes, hex) and written there readable by the owner only (0600), so a
 * restart of `npm start` keeps everyone signed in. Deleting the file rotates it (every session ends).
 */
export function persistedJwtSecret(dataDir: string): string {
  return persistedSecret(dataDir, JWT_SECRET_FILE, () => randomBytes(32).toString('hex'), (secret) => {
    if (secret.length < 32) throw new Error('fewer than 32 characters');
  });
}

/**
 * A secret kept in `<dataDir>/<fileName>`: read (and `check`ed, which throws to refuse it), or
 * made once by `make` and written readable by the owner only (0600). For what an embedded
 * developer install must keep across restarts without configuration (the token secret, the
 * audit log's signing key); a real deployment configures them instead.
 */
export function persistedSecret(dataDir: string, fileName: string, make: () => string, check: (secret: string) => void): string {
  const file = join(resolve(dataDir), fileName);
  try {
    const secret = readFileSync(file, 'utf8').trim();
    try {
      check(secret);
    } catch (error) {
      throw new Error(`${file} holds no usable secret (${(error as Error).message}): delete it to have a new one made`, { cause: error });
    }
    // Tighten a copy restored with looser permissions.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = make();
  // 'wx': two processes starting at once do not overwrite each other's secret.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return persistedSecret(dataDir, fileName, make, check);
    throw error;
  }
  return secret;
}

/**
 * The configuration with its token secret settled for a server on the embedded database: a
 * configured JWT_SECRET wins; otherwise the one kept with the embedded data.
 */
export function withEmbeddedJwtSecret(config: AppConfig): AppConfig {
  if (!config.jwt.generatedSecret) return config;
  return { ...config, jwt: { ...config.jwt, secret: persistedJwtSecret(config.database.embedded.dataDir), generatedSecret: false } };
}
