import { MetricsService } from './metrics.service';

describe(MetricsService.name, () => {
  let sut: MetricsService;

  beforeEach(() => {
    sut = new MetricsService({ service: 'finance', defaultMetrics: false });
  });

  it('creates a metric once and returns it afterwards', () => {
    const first = sut.counter('outbox_published_total', 'Events published', ['type']);
    const second = sut.counter('outbox_published_total', 'Events published', ['type']);

    expect(second).toBe(first);
  });

  it('refuses a name already taken by another kind of metric', () => {
    sut.gauge('outbox_lag_seconds', 'Age of the oldest unpublished event');

    expect(() => sut.histogram('outbox_lag_seconds', 'x')).toThrow(
      'Metric "outbox_lag_seconds" is already registered as another kind of metric',
    );
  });

  it('labels every metric with the service', async () => {
    sut
      .counter('consumer_failures_total', 'Failed deliveries', ['consumer'])
      .inc({ consumer: 'c' });

    const text = await sut.registry.metrics();

    expect(text).toContain('consumer_failures_total{consumer="c",service="finance"} 1');
  });

  it('collects the default process metrics unless told not to', async () => {
    const withDefaults = new MetricsService({ service: 'crm' });

    expect(await withDefaults.registry.metrics()).toMatch(
      /process_cpu_user_seconds_total\{service="crm"\}/,
    );
    expect(await sut.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });

  it('keeps each instance in its own registry', () => {
    const other = new MetricsService({ service: 'crm', defaultMetrics: false });

    expect(() => other.counter('outbox_published_total', 'x')).not.toThrow();
    expect(() => sut.counter('outbox_published_total', 'x')).not.toThrow();
  });
});
