import type { Redis } from 'ioredis';
import { redisHealthCheck } from './redis-health.check';

describe(redisHealthCheck.name, () => {
  const redisAnswering = (ping: () => Promise<string>) => ({ ping }) as unknown as Redis;

  it('passes when PING answers PONG', async () => {
    const sut = redisHealthCheck(redisAnswering(async () => 'PONG'));

    await expect(sut()).resolves.toBeUndefined();
  });

  it('fails when PING fails', async () => {
    const sut = redisHealthCheck(
      redisAnswering(async () => {
        throw new Error('Connection is closed.');
      }),
    );

    await expect(sut()).rejects.toThrow('Connection is closed.');
  });

  it('fails on any other answer', async () => {
    const sut = redisHealthCheck(redisAnswering(async () => 'LOADING'));

    await expect(sut()).rejects.toThrow('LOADING');
  });
});
