import type { Redis } from 'ioredis';
import type { HealthCheck } from './health.registry';

/**
 * A readiness check for Redis: resolves when `PING` answers `PONG`, throws otherwise. Register it
 * as `registry.register('redis', redisHealthCheck(redis))`; the registry bounds it with a timeout.
 */
export function redisHealthCheck(redis: Redis): HealthCheck {
  return async () => {
    const reply = await redis.ping();
    if (reply !== 'PONG') throw new Error(`Redis answered PING with ${JSON.stringify(reply)}`);
  };
}
