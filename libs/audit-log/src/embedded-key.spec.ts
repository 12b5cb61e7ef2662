import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/core';
import { AUDIT_LOG_KEY_FILE, withEmbeddedAuditLogKey } from './embedded-key.js';
import { formatSignerKey, parseSignerKey } from './merkle/index.js';

describe("the transparency log's key kept with the embedded data", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once for the origin, readable by its owner only, and the same on every later start', () => {
    const config = loadConfig({ EMBEDDED_PG_DIR: dir, AUDIT_LOG_ORIGIN: 'demo.example/log' });
    const first = withEmbeddedAuditLogKey(config).auditLog;
    expect(parseSignerKey(first.signingKey!).name).toBe('demo.example/log');
    expect(first.keptIn).toBe(join(dir, AUDIT_LOG_KEY_FILE));
    expect(statSync(join(dir, AUDIT_LOG_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(withEmbeddedAuditLogKey(config).auditLog.signingKey).toBe(first.signingKey);
  });

  it('leaves a configured key alone and writes nothing', () => {
    const key = formatSignerKey('demo.example/log', Buffer.alloc(32, 7));
    const config = loadConfig({ EMBEDDED_PG_DIR: dir, AUDIT_LOG_ORIGIN: 'demo.example/log', AUDIT_LOG_SIGNING_KEY: key });
    const settled = withEmbeddedAuditLogKey(config).auditLog;
    expect(settled.signingKey).toBe(key);
    expect(settled.keptIn).toBeUndefined();
    expect(() => statSync(join(dir, AUDIT_LOG_KEY_FILE))).toThrow(/ENOENT/);
  });

  it('refuses a kept key named for another origin rather than replacing it', () => {
    writeFileSync(join(dir, AUDIT_LOG_KEY_FILE), `${formatSignerKey('old.example/log', Buffer.alloc(32, 1))}\n`, { mode: 0o600 });
    const config = loadConfig({ EMBEDDED_PG_DIR: dir, AUDIT_LOG_ORIGIN: 'demo.example/log' });
    expect(() => withEmbeddedAuditLogKey(config)).toThrow(/not the log's origin/);
  });
});
