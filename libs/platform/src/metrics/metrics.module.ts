import { DynamicModule, Global, Module } from '@nestjs/common';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, MetricsOptions, MetricsService } from './metrics.service';

/**
 * `GET /metrics` (Prometheus) with default process metrics and the HTTP request-duration
 * histogram, plus the global `MetricsService` other libraries add their metrics through.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, MetricsService, HttpMetricsHook],
      exports: [MetricsService],
    };
  }
}
