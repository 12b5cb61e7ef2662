import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@app/core';
import { AppModule } from '../apps/api/src/app.module.js';
import { apiDocument } from '../apps/api/src/create-app.js';

/**
 * Prints the API's OpenAPI document (what GET /docs-json serves) with no database: Nest's preview
 * mode reads the modules and controllers without running any provider. `npm run gen:api` writes
 * it to the web app's snapshot; a test holds the snapshot to the running server's.
 */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', JWT_SECRET: randomBytes(32).toString('hex') });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://unused@127.0.0.1:1/unused'), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  process.stdout.write(`${JSON.stringify(apiDocument(app), null, 2)}\n`);
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
