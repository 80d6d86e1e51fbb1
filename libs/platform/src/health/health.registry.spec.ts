import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthRegistry } from './health.registry';

describe(HealthRegistry.name, () => {
  let sut: HealthRegistry;

  beforeEach(() => {
    sut = new HealthRegistry(new HealthIndicatorService());
    jest.spyOn(sut['logger'], 'warn').mockImplementation(() => undefined);
  });

  async function run() {
    return Promise.all(sut.indicators().map((indicator) => indicator()));
  }

  it('reports a passing check as up', async () => {
    sut.register('postgres', async () => undefined);

    expect(await run()).toEqual([{ postgres: { status: 'up' } }]);
  });

  it('reports a failing check as down without exposing its cause', async () => {
    sut.register('nats', async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:4222');
    });

    expect(await run()).toEqual([{ nats: { status: 'down', message: 'unavailable' } }]);
  });

  it('reports a check that throws synchronously as down', async () => {
    sut.register('redis', () => {
      throw new Error('sync');
    });

    expect(await run()).toEqual([{ redis: { status: 'down', message: 'unavailable' } }]);
  });

  it('bounds each check with its timeout', async () => {
    sut.register('slow', () => new Promise<void>(() => undefined), { timeoutMs: 20 });

    expect(await run()).toEqual([{ slow: { status: 'down', message: 'timed out after 20 ms' } }]);
  });

  it('refuses a second check under the same name', () => {
    sut.register('postgres', async () => undefined);

    expect(() => sut.register('postgres', async () => undefined)).toThrow(
      'Health check "postgres" is already registered',
    );
  });

  it('remembers that shutdown has begun', () => {
    expect(sut.isShuttingDown).toBe(false);

    sut.setShuttingDown();

    expect(sut.isShuttingDown).toBe(true);
  });
});
