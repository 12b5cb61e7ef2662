import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { UsersService } from '@app/auth';
import { Clock, loadConfig } from '@app/core';
import { DemoSeeder } from '@app/demo';
import { createApp } from '../../apps/api/src/create-app.js';
import { testSigningKeys } from './signing-tools.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

export const ROOT = { username: 'root', password: 'root-password-1' };

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  http: ReturnType<typeof request>;
  /** Access token of the organisation-wide admin created on the empty database. */
  rootToken: string;
  login(username: string, password: string): Promise<string>;
  /** Demo units by key, when started with `demo: true`. */
  units: Map<string, string>;
  close(): Promise<void>;
}

/**
 * The real API on a fresh database of its own; `env` overrides the configuration (job workers
 * are off unless `JOBS_ENABLED` says otherwise). A second instance on the same database is
 * started with `database` (it does not drop it on close); `clock` replaces the system clock.
 * Issued plans are signed with the test key of signing-tools.ts (its CA trusted).
 */
export async function startTestApp(options: { env?: Record<string, string>; demo?: boolean; database?: TestDatabase; clock?: Clock } = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RUN_MIGRATIONS: 'false',
    JOBS_ENABLED: 'false',
    // ISSUE signs: a throwaway CA and installation key of this test file.
    ...(await testSigningKeys()).env,
    ...options.env,
  });
  const app = await createApp(config, db.url, options.clock);
  await app.init();
  await app.get(UsersService).bootstrapAdmin(ROOT.username, ROOT.password);
  const units = (options.demo ? await app.get(DemoSeeder).seedIfEmpty(ROOT.username) : undefined) ?? new Map<string, string>();
  const http = request(app.getHttpServer());
  const login = async (username: string, password: string): Promise<string> => {
    const res = await http.post('/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return {
    app,
    db,
    http,
    rootToken: await login(ROOT.username, ROOT.password),
    login,
    units,
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
