import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../http/public.decorator.js';

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: { type: 'object', example: { database: { status: 'up' } } },
    error: { type: 'object', example: {} },
    details: { type: 'object', example: { database: { status: 'up' } } },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public('Liveness and database connectivity')
  // Stated here rather than left to @HealthCheck, whose OpenAPI part loads only under CommonJS.
  @ApiOkResponse({ description: 'The database answers', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer', schema: HEALTH_SCHEMA })
  @HealthCheck({ swaggerDocumentation: false })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
  }
}
