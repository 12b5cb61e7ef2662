import { Logger } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { ensureDatabase, loadConfig, RunningPostgres, startEmbeddedPostgres } from '@app/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSeeder } from '@app/demo';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Main');
  let embedded: RunningPostgres | undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ ...config.database.embedded, persistent: true });
    databaseUrl = await ensureDatabase(embedded.serverUrl, 'plan_cascade');
    logger.log(`Embedded PostgreSQL on port ${config.database.embedded.port}, data in ${config.database.embedded.dataDir}`);
  }

  const app = await createApp(config, databaseUrl);
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const admin = config.bootstrapAdmin;
  if (admin && (await app.get(UsersService).bootstrapAdmin(admin.username, admin.password))) {
    logger.log(`Created the first admin '${admin.username}'`);
  } else if (!admin) {
    logger.warn('No ADMIN_USERNAME/ADMIN_PASSWORD: no first admin is created on an empty database');
  }
  if (config.demoData && admin) await app.get(DemoSeeder).seedIfEmpty(admin.username);

  await app.listen(config.port);
  const base = `http://localhost:${config.port}`;
  logger.log(`API at ${base}, Swagger UI at ${base}/docs (JSON at ${base}/docs-json), health at ${base}/health`);
  logger.log(`Sign in: POST ${base}/auth/login {"username","password"}, then send "Authorization: Bearer <accessToken>"`);
  if (config.demoData && admin) {
    logger.log(`Demo admin: ${admin.username} / ${admin.password}`);
    logger.log(`Demo accounts (password '${DEMO_PASSWORD}'): ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  }
  if (config.jwt.generatedSecret) logger.warn('JWT_SECRET is not set: tokens stop working when the server restarts');
}

main().catch((error: unknown) => {
  // The logger may not exist yet when boot fails, so this goes straight to stderr.
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
