export * from './context/request-context';

export * from './config/base-env';
export * from './config/env.decorators';
export * from './config/load-env';

export * from './errors/domain.exception';
export * from './errors/problem-details';
export * from './errors/problem-details.filter';
export * from './errors/validation.pipe';

export * from './logging/correlation-id';
export * from './logging/logger.options';
export * from './logging/logging.module';
export * from './logging/request-context.hook';

export * from './health/health.registry';
export * from './health/health.controller';
export * from './health/health.module';
export * from './health/redis-health.check';

export * from './metrics/metrics.service';
export * from './metrics/metrics.controller';
export * from './metrics/http-metrics.hook';
export * from './metrics/metrics.module';

export * from './bootstrap/platform.tokens';
export * from './bootstrap/platform.module';
export * from './bootstrap/service-app';
export * from './bootstrap/run-service';
export * from './redis/redis.module';
