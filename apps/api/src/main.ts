import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { AppConfig, ensureDatabase, loadConfig, RunningPostgres, startEmbeddedPostgres, withEmbeddedJwtSecret } from '@app/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoPlansSeeder, DemoSeeder, DemoWorkSeeder } from '@app/demo';
import { createApp } from './create-app.js';

const logger = new Logger('Main');
let embedded: RunningPostgres | undefined;
let app: INestApplication | undefined;

/** Stops the API first, then the database under it; never leaves an embedded server behind. */
async function shutdown(code: number): Promise<never> {
  try {
    await app?.close();
  } finally {
    await embedded?.stop();
  }
  process.exit(code);
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
  const units = await nest.get(DemoSeeder).seedIfEmpty(admin.username);
  // Only on the run that created the demo tree: the seed documents as issued plans.
  if (units) {
    await nest.get(DemoPlansSeeder).seed(units);
    // Then every account's daily work (docs/demo.md walks through it).
    await nest.get(DemoWorkSeeder).seed(units);
  }
}

function banner(config: AppConfig): string {
  const base = `http://localhost:${config.port}`;
  const lines = [
    `API        ${base}`,
    `Swagger UI ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
    `Health     ${base}/health`,
    `Sign in    POST ${base}/auth/login {"username": …, "password": …}, then "Authorization: Bearer <accessToken>"`,
  ];
  if (config.demoData && config.bootstrapAdmin) {
    lines.push(`Demo admin ${config.bootstrapAdmin.username} / ${config.bootstrapAdmin.password}`);
    lines.push(`Demo users (password '${DEMO_PASSWORD}'): ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  }
  return `\n${lines.join('\n')}\n\n`;
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
  }
  app = await createApp(config, databaseUrl);
  // Modules initialised before the demo data goes in: the runner's effects (tracking an issued
  // plan's assignments, notifications) register in onModuleInit, and seeding without them left the
  // seed plans' assignments untracked — the wards' empty "Việc của tôi".
  await app.init();
  await prepare(config, app);
  await app.listen(config.port);
  // For the person who ran `npm start`; the logs stay structured JSON.
  process.stdout.write(banner(config));
  if (config.jwt.generatedSecret) logger.warn('JWT_SECRET is not set with DATABASE_URL: tokens stop working when the server restarts');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shutdown(0));
}

main().catch(async (error: unknown) => {
  // The logger may not be set up when boot fails, so this goes straight to stderr.
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await shutdown(1);
});
