import {
  Controller,
  Get,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { BaseEnv } from '../config/base-env';
import { EnvString } from '../config/env.decorators';
import { loadEnv } from '../config/load-env';
import { RequestContext } from '../context/request-context';
import { HealthRegistry } from '../health/health.registry';
import { PLATFORM_ROUTES, PlatformModule } from './platform.module';
import { ENV, SERVICE_NAME } from './platform.tokens';
import { createServiceApp, shutdownGracefully } from './service-app';

class FinanceEnv extends BaseEnv {
  override PORT = 3003;

  @EnvString()
  INVOICE_NUMBER_PREFIX = 'INV';
}

@Controller('invoices')
class InvoicesController {
  private readonly logger = new Logger(InvoicesController.name);

  constructor(
    @Inject(ENV) private readonly env: FinanceEnv,
    private readonly financeEnv: FinanceEnv,
    private readonly baseEnv: BaseEnv,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('context')
  context(): Record<string, unknown> {
    this.logger.log('Reading the context');
    return {
      correlationId: RequestContext.correlationId(),
      sameEnv: this.env === this.financeEnv && this.env === this.baseEnv,
      prefix: this.env.INVOICE_NUMBER_PREFIX,
      service: this.service,
    };
  }
}

describe(createServiceApp.name, () => {
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    const env = loadEnv(FinanceEnv, { NODE_ENV: 'test', INVOICE_NUMBER_PREFIX: 'FY26' });
    @Module({
      imports: [PlatformModule.forRoot({ service: 'finance', env, logging: { destination } })],
      controllers: [InvoicesController],
    })
    class AppModule {}
    sut = await createServiceApp({
      service: 'finance',
      env,
      module: () => AppModule,
      configure: (app) => {
        app.setGlobalPrefix('api/v1', { exclude: PLATFORM_ROUTES });
      },
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('provides the env under ENV, BaseEnv and its own class, and the service name', async () => {
    const response = await sut.inject({ method: 'GET', url: '/api/v1/invoices/context' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sameEnv: true, prefix: 'FY26', service: 'finance' });
  });

  it('runs each request in a context whose correlation id is logged and echoed', async () => {
    const response = await sut.inject({ method: 'GET', url: '/api/v1/invoices/context' });

    const id = response.headers['x-correlation-id'];
    expect(id).toEqual(expect.any(String));
    expect(response.json()).toMatchObject({ correlationId: id });
    const lines = logLines.filter((line) => line['correlationId'] === id);
    expect(lines.map((line) => line['msg'])).toEqual(['Reading the context', 'request completed']);
    expect(lines.every((line) => line['service'] === 'finance')).toBe(true);
    expect(lines.every((line) => (line['req'] as { id: string }).id === id)).toBe(true);
  });

  it('adopts an acceptable incoming x-correlation-id', async () => {
    const response = await sut.inject({
      method: 'GET',
      url: '/api/v1/invoices/context',
      headers: { 'x-correlation-id': 'from-the-gateway-1' },
    });

    expect(response.headers['x-correlation-id']).toBe('from-the-gateway-1');
    expect(response.json()).toMatchObject({ correlationId: 'from-the-gateway-1' });
  });

  it('serves liveness at the root, without an access log line', async () => {
    const response = await sut.inject({ method: 'GET', url: '/health/live' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    const id = response.headers['x-correlation-id'];
    expect(logLines.filter((line) => line['correlationId'] === id)).toEqual([]);
  });

  it('reports readiness per dependency: 200 when all are up, 503 naming the one down', async () => {
    const registry = sut.get(HealthRegistry);
    let natsUp = true;
    registry.register('postgres', async () => undefined);
    registry.register('nats', async () => {
      if (!natsUp) throw new Error('no connection');
    });

    const ready = await sut.inject({ method: 'GET', url: '/health/ready' });
    natsUp = false;
    const notReady = await sut.inject({ method: 'GET', url: '/health/ready' });

    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, nats: { status: 'up' } },
    });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers['content-type']).toContain('application/json');
    expect(notReady.json()).toMatchObject({
      status: 'error',
      info: { postgres: { status: 'up' } },
      error: { nats: { status: 'down', message: 'unavailable' } },
    });
  });

  it('exposes Prometheus metrics with the request-duration histogram by route pattern', async () => {
    await sut.inject({ method: 'GET', url: '/api/v1/invoices/context' });
    await sut.inject({ method: 'GET', url: '/no/such/route' });

    const response = await sut.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{service="finance",method="GET",route="\/api\/v1\/invoices\/context",status_code="200"\} \d+/,
    );
    expect(response.body).toContain(
      'http_request_duration_seconds_count{service="finance",method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(response.body).toContain('process_cpu_user_seconds_total{service="finance"}');
  });

  it('answers 503 shutting_down once shutdown has begun', async () => {
    sut.get(HealthRegistry).setShuttingDown();

    const response = await sut.inject({ method: 'GET', url: '/health/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'shutting_down', info: {}, error: {}, details: {} });
  });
});

describe(shutdownGracefully.name, () => {
  const logger = { error: jest.fn() };

  async function appWithShutdownHook(delayMs: number): Promise<NestFastifyApplication> {
    const env = loadEnv(BaseEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    @Injectable()
    class SlowConsumer implements OnApplicationShutdown {
      async onApplicationShutdown(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    @Module({
      imports: [PlatformModule.forRoot({ service: 'crm', env })],
      providers: [SlowConsumer],
    })
    class AppModule {}
    return createServiceApp({ service: 'crm', env, module: () => AppModule });
  }

  beforeEach(() => logger.error.mockReset());

  it('fails readiness, closes the app and answers exit code 0', async () => {
    const app = await appWithShutdownHook(0);
    const registry = app.get(HealthRegistry);

    const code = await shutdownGracefully(app, 1_000, logger);

    expect(code).toBe(0);
    expect(registry.isShuttingDown).toBe(true);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers exit code 1 and logs when closing takes longer than the timeout', async () => {
    const app = await appWithShutdownHook(200);

    const code = await shutdownGracefully(app, 20, logger);

    expect(code).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(
      { timeoutMs: 20 },
      'Graceful shutdown did not finish within 20 ms',
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
  });
});
