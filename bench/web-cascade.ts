/**
 * The server `npm run bench:web` drives Chromium against: the API with the demo data and the built
 * web app, on a throw-away database (bench/support/database.ts), plus a 5,010-unit cascade under
 * the Long Biên district committee built set-based (bench/support/cascade-seed.ts): 10 units, each
 * with an issued plan assigning 20, each of those assigning 24. lb.monitor follows its root plan.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { UsersService } from '@app/auth';
import { loadConfig, SESSION_OPTIONS } from '@app/core';
import { DemoPlansSeeder, DemoSeeder } from '@app/demo';
import { createApp } from '../apps/api/src/create-app.js';
import { seedCascade } from './support/cascade-seed.js';
import { migrate, openBenchDatabase } from './support/database.js';

export const WEB_CASCADE_FAN_OUTS = [10, 20, 24];

export interface WebCascadeServer {
  baseUrl: string;
  planId: string;
  /** Units in the database (the demo's and the cascade's). */
  units: number;
  stop(): Promise<void>;
}

export async function startWebCascadeServer(): Promise<WebCascadeServer> {
  const db = await openBenchDatabase();
  let app: INestApplication | undefined;
  try {
    await migrate(db.url);
    app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', RUN_MIGRATIONS: 'false', JOBS_ENABLED: 'false', JWT_SECRET: 'x'.repeat(40) }), db.url);
    await app.init();
    await app.get(UsersService).bootstrapAdmin('bench.admin', 'bench-password-1');
    const units = (await app.get(DemoSeeder).seedIfEmpty('bench.admin'))!;
    await app.get(DemoPlansSeeder).seed(units);
    const sql = new pg.Client({ connectionString: db.url, options: SESSION_OPTIONS });
    await sql.connect();
    let built: Awaited<ReturnType<typeof seedCascade>>;
    try {
      built = await seedCascade(sql, {
        fanOuts: WEB_CASCADE_FAN_OUTS, kinds: ['party_committee', 'grassroots_committee', 'party_cell'], creator: 'bench.admin', rootUnitId: units.get('lb-district-committee'),
      });
    } finally {
      await sql.end();
    }
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const running = app;
    return {
      baseUrl,
      planId: built.rootPlan,
      units: built.units,
      stop: async () => {
        await running.close();
        await db.close();
      },
    };
  } catch (error) {
    await app?.close();
    await db.close();
    throw error;
  }
}
