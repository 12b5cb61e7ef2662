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
  const file = join(resolve(dataDir), JWT_SECRET_FILE);
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it to have a new one made`);
    // Tighten a copy restored with looser permissions.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('hex');
  // 'wx': two processes starting at once do not overwrite each other's secret.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return persistedJwtSecret(dataDir);
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
