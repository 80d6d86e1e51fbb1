import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { BaseEnv } from '../config/base-env';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { HealthModule } from '../health/health.module';
import { shouldPrettyPrint } from '../logging/logger.options';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ENV, SERVICE_NAME } from './platform.tokens';

/**
 * Routes the platform serves at the root, whatever the app's global prefix. Exclude them when
 * setting one: `app.setGlobalPrefix('api/v1', { exclude: PLATFORM_ROUTES })`.
 */
export const PLATFORM_ROUTES = ['health/live', 'health/ready', 'metrics'];

/** Options of `PlatformModule.forRoot`. */
export interface PlatformModuleOptions {
  /** Service name: the `service` field of logs and label of metrics. */
  service: string;
  /** The environment `loadEnv` produced. */
  env: BaseEnv;
  /** Logging overrides; by default pretty output only in development on a TTY. */
  logging?: { pretty?: boolean; destination?: DestinationStream };
}

/**
 * Everything a StudioFlow service needs from the platform, imported once by each app module:
 * logging, `/health/*`, `/metrics`, the RFC 9457 exception filter, and the env under `ENV`,
 * `BaseEnv` and its own class, the service name under `SERVICE_NAME`. Global.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { service, env } = options;
    const envClass = env.constructor as new () => BaseEnv;
    const envProviders: Provider[] = [
      { provide: ENV, useValue: env },
      { provide: BaseEnv, useValue: env },
      ...(envClass !== BaseEnv ? [{ provide: envClass, useValue: env }] : []),
    ];
    const pretty = options.logging?.pretty ?? shouldPrettyPrint(env);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggingModule.forRoot({
          service,
          level: env.LOG_LEVEL,
          pretty,
          destination: options.logging?.destination,
        }),
        HealthModule,
        MetricsModule.forRoot({ service }),
      ],
      providers: [
        ...envProviders,
        { provide: SERVICE_NAME, useValue: service },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [ENV, BaseEnv, ...(envClass !== BaseEnv ? [envClass] : []), SERVICE_NAME],
    };
  }
}
