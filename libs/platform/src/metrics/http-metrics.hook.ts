import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** `route` label of requests that matched no route (keeps the label set bounded). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Records `http_request_duration_seconds` for every HTTP response from a Fastify `onResponse`
 * hook, labelled with the route pattern (`/api/v1/invoices/:id`, never the concrete URL).
 * Does nothing in an application without a Fastify HTTP adapter.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof fastify?.addHook !== 'function') return;
    const histogram = this.metrics.httpRequestDuration;
    fastify.addHook('onResponse', (request, reply, done) => {
      histogram.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
