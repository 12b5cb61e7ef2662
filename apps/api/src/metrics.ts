import { createServer, type Server } from 'node:http';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/core';
import { metricsHandler, registerDbPool } from '@app/metrics';

/** The database pool's counts in the metrics, while the application runs. */
@Injectable()
export class DbPoolMetrics implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    this.unregister = registerDbPool(() => {
      // TypeORM's postgres driver keeps its pg.Pool as `master`.
      const pool = (this.db.driver as unknown as { master?: Pool }).master;
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
    });
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}

/**
 * `GET /metrics` on a port of its own (`METRICS_PORT` on `METRICS_HOST`), for a scraper inside the
 * network; it asks for `METRICS_TOKEN` too when one is set. Resolves once it listens; undefined when no port is configured.
 */
export async function startMetricsServer(config: AppConfig): Promise<Server | undefined> {
  const { port, host, token } = config.metrics;
  if (port === undefined) return undefined;
  const handle = metricsHandler(token);
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Only /metrics here' }));
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
