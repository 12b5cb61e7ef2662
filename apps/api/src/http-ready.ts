import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Nest adds its routes in app.init(), and Fastify serves them once ready(): this makes init() end
 * ready (the root module's hook runs last, after the routes, the not-found and the error handler),
 * so the app takes requests on app.getHttpServer() after init() — supertest, the benches and
 * main.ts, as with Express.
 */
@Injectable()
export class HttpReady implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    await (this.host.httpAdapter.getInstance() as FastifyInstance).ready();
  }
}
