import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import type { BaseEnv } from '../config/base-env';
import { HealthRegistry } from '../health/health.registry';
import { redisHealthCheck } from '../health/redis-health.check';
import { ENV } from '../bootstrap/platform.tokens';

/** Injection token of the service's shared ioredis connection. */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', redisHealthCheck(this.redis));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * One ioredis connection to `REDIS_URL` for services that use Redis (rate limits, BullMQ):
 * provides it under `REDIS`, registers the `redis` readiness check and quits on shutdown.
 * Commands fail fast while Redis is away (no offline queue) so readiness reports it at once.
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [ENV],
          useFactory: (env: BaseEnv) =>
            new Redis(env.REDIS_URL, {
              lazyConnect: false,
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
              connectionName: 'studioflow',
            }),
        },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
