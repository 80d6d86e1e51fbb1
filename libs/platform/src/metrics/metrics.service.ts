import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Injection token of the `MetricsModule.forRoot` options. */
export const METRICS_OPTIONS = 'PLATFORM_METRICS_OPTIONS';

/** Options of `MetricsModule.forRoot`. */
export interface MetricsOptions {
  /** Value of the `service` label on every metric. */
  service: string;
  /** Collect prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
}

type MetricClass<M> = abstract new (...args: never[]) => M;

/**
 * The Prometheus registry of this process (one per app, not prom-client's global one) with
 * get-or-create helpers, so libraries can add their metrics (outbox lag, consumer failures …)
 * without double-registration errors. Every metric carries the `service` label.
 */
@Injectable()
export class MetricsService {
  /** The registry `GET /metrics` exposes. */
  readonly registry = new Registry();

  /** HTTP request duration in seconds by `method`, `route` (pattern) and `status_code`. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Inject(METRICS_OPTIONS) options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = this.histogram(
      'http_request_duration_seconds',
      'Duration of HTTP requests in seconds',
      ['method', 'route', 'status_code'],
    );
  }

  /**
   * The counter called `name`, created on first use.
   * @throws Error when `name` is already registered as another kind of metric.
   */
  counter<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Counter<L> {
    return this.getOrCreate<Counter<L>>(
      name,
      Counter,
      () => new Counter<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  /**
   * The histogram called `name`, created on first use; `buckets` in the metric's unit
   * (prom-client's defaults suit seconds).
   * @throws Error when `name` is already registered as another kind of metric.
   */
  histogram<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return this.getOrCreate<Histogram<L>>(
      name,
      Histogram,
      () =>
        new Histogram<L>({
          name,
          help,
          labelNames,
          registers: [this.registry],
          ...(buckets ? { buckets } : {}),
        }),
    );
  }

  /**
   * The gauge called `name`, created on first use.
   * @throws Error when `name` is already registered as another kind of metric.
   */
  gauge<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Gauge<L> {
    return this.getOrCreate<Gauge<L>>(
      name,
      Gauge,
      () => new Gauge<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  private getOrCreate<M>(name: string, kind: MetricClass<M>, create: () => M): M {
    const existing: unknown = this.registry.getSingleMetric(name);
    if (existing === undefined) return create();
    if (existing instanceof kind) return existing;
    throw new Error(`Metric "${name}" is already registered as another kind of metric`);
  }
}
