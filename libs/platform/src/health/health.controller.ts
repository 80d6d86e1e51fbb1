import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthRegistry } from './health.registry';

/**
 * Kubernetes probes. `GET /health/live`: the process is up (200 `{ status: 'ok' }`).
 * `GET /health/ready`: every registered dependency answers — 200 with terminus' body
 * (`{ status: 'ok', info, error, details }`), or 503 with the dependencies that are `down`, or
 * 503 `{ status: 'shutting_down' }` once graceful shutdown has begun.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: HealthRegistry,
  ) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    if (this.registry.isShuttingDown) {
      reply.status(503);
      return { status: 'shutting_down', info: {}, error: {}, details: {} };
    }
    try {
      return await this.health.check(this.registry.indicators());
    } catch (error) {
      // Terminus signals "not ready" with an exception; answer it here, with terminus' body,
      // rather than let the global filter turn it into a problem document.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
