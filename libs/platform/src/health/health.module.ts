import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';

/**
 * `GET /health/live` and `GET /health/ready`, plus the global `HealthRegistry` other libraries
 * register their readiness checks with.
 */
@Global()
@Module({
  // HealthRegistry logs each failing check with its cause; terminus' own log would repeat it.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}
