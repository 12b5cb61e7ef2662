import { readFileSync } from 'node:fs';
import { loadConfig } from '@app/core';
import { repoPath } from '@app/import';

/**
 * Issue 20, finding 2: `docker compose up` without overrides ran with a JWT secret anyone could
 * read in the repository (and so mint a token for any user id) and created the demo accounts.
 * Compose's `${VAR:-default}` hands its default to the API; `${VAR:?message}` refuses to start.
 */
describe('docker-compose.yml ships no usable secret and no demo accounts', () => {
  // The api service's environment block: `      NAME: value` lines after `environment:` in `api:`.
  const text = readFileSync(repoPath('docker-compose.yml'), 'utf8');
  const block = text.slice(text.indexOf('\n  api:')).split('\n    environment:\n')[1].split(/\n {4}\S/)[0];
  const env = Object.fromEntries([...block.matchAll(/^ {6}([A-Z_]+): (.+)$/gm)].map(([, k, v]) => [k, v.trim().replace(/^"(.*)"$/, '$1')]));
  /** What compose gives the API when the operator sets nothing. */
  const unset = (value: string): string | 'REFUSED' => {
    const match = /^\$\{(\w+)(:-|:\?)([^}]*)\}$/.exec(value);
    if (!match) return value;
    return match[2] === ':?' ? 'REFUSED' : match[3];
  };

  it('requires a JWT secret and a first admin password; demo data is off', () => {
    expect(unset(env.JWT_SECRET)).toBe('REFUSED');
    expect(unset(env.ADMIN_PASSWORD)).toBe('REFUSED');
    expect(unset(env.DEMO_DATA)).toBe('false');
    expect(unset(env.TRUST_PROXY)).toBe('false');
  });

  it('whatever compose hands over by default starts no demo and no known secret', () => {
    const defaults = Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (unset(v) === 'REFUSED' ? [] : [[k, unset(v)]])));
    const config = loadConfig({ ...defaults, JWT_SECRET: '3f9c1e0b7a6d4c2e8f1a5b9d0c7e3a2f6b4d8c1e9a7f5b3d' });
    expect(config.demoData).toBe(false);
    expect(config.bootstrapAdmin).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    // The secret compose used to ship is refused at boot.
    expect(() => loadConfig({ ...defaults, JWT_SECRET: 'change-me-change-me-change-me-change-me' })).toThrow(/JWT_SECRET is a known placeholder/);
  });
});
