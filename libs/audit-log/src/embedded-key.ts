import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { persistedSecret, type AppConfig } from '@app/core';
import { formatSignerKey, parseSignerKey } from './merkle/index.js';

/** The generated log key's file inside the embedded cluster's directory, beside the token secret. */
export const AUDIT_LOG_KEY_FILE = 'plan-cascade.audit-log-key';

/**
 * The configuration with the log's signing key settled for a server on the embedded database: a
 * configured AUDIT_LOG_SIGNING_KEY wins; otherwise the key kept with the embedded data (made once,
 * 0600), so that a checkpoint an inspector saved still verifies after `npm start` restarts.
 * A kept key named for another origin is refused rather than silently replaced.
 */
export function withEmbeddedAuditLogKey(config: AppConfig): AppConfig {
  if (config.auditLog.signingKey !== undefined) return config;
  const { origin } = config.auditLog;
  const dataDir = config.database.embedded.dataDir;
  const signingKey = persistedSecret(dataDir, AUDIT_LOG_KEY_FILE, () => formatSignerKey(origin, randomBytes(32)), (text) => {
    const key = parseSignerKey(text);
    if (key.name !== origin) throw new Error(`a key named "${key.name}", not the log's origin "${origin}"`);
  });
  return { ...config, auditLog: { ...config.auditLog, signingKey, keptIn: join(resolve(dataDir), AUDIT_LOG_KEY_FILE) } };
}
