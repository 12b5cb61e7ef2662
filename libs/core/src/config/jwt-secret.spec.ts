import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { JWT_SECRET_FILE, persistedJwtSecret, withEmbeddedJwtSecret } from './jwt-secret.js';

describe('the token secret kept with the embedded data', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once, readable by its owner only, and the same on every later start', () => {
    const first = persistedJwtSecret(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, JWT_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(persistedJwtSecret(dir)).toBe(first);
  });

  it('tightens a restored copy with looser permissions and refuses one too short to be a secret', () => {
    const file = join(dir, JWT_SECRET_FILE);
    writeFileSync(file, `${'k'.repeat(40)}\n`);
    chmodSync(file, 0o644);
    expect(persistedJwtSecret(dir)).toBe('k'.repeat(40));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'short');
    expect(() => persistedJwtSecret(dir)).toThrow(/no usable secret/);
  });

  it('is used only when JWT_SECRET is not configured', () => {
    const secret = randomBytes(24).toString('hex');
    const configured = loadConfig({ JWT_SECRET: secret, EMBEDDED_PG_DIR: dir });
    expect(withEmbeddedJwtSecret(configured).jwt.secret).toBe(secret);
    const embedded = withEmbeddedJwtSecret(loadConfig({ EMBEDDED_PG_DIR: dir }));
    expect(embedded.jwt).toMatchObject({ secret: readFileSync(join(dir, JWT_SECRET_FILE), 'utf8').trim(), generatedSecret: false });
    expect(withEmbeddedJwtSecret(loadConfig({ EMBEDDED_PG_DIR: dir })).jwt.secret).toBe(embedded.jwt.secret);
  });
});
